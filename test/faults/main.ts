/**
 * The fault test of issue 20.2 (scripts/fault-test.sh runs it; see test/faults/README.md): under a
 * mixed load, Redis, Postgres, the Temporal server and OpenSearch are each stopped and restarted,
 * then paused and resumed, one at a time; every answer must be correct or a proper 503 within the
 * request timeout, the platform must recover unattended, every accepted booking end terminal and
 * once, the audit chain verify. Exit 1 on any violation, 2 when the run could not be made.
 *   node --import tsx test/faults/main.ts [--stop 20] [--pause 12] [--rate 20] [--bookings 120]
 *     [--recovery 30] [--only redis,postgres] [--keep]
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { privateFlights, setSeats } from '../bookings/helpers/private-flights';
import { simUrl } from '../bookings/helpers/saga-harness';
import { freshDatabase } from '../helpers/databases';
import { crashStack } from '../crash/crash-stack';
import { seedCustomers } from '../crash/customers';
import { auditViolations, terminalViolations } from '../crash/invariants';
import { doubleViolations, openRowViolations } from '../crash/orphans';
import { flightsNeeded, planBookings, seatsFor } from '../crash/plan';
import { settle } from '../crash/settle';
import { closeRun, connectRun, runStackScript, type StackRun } from '../crash/stack-run';
import { Load } from './load';
import { outageFigures, quietFigures, recoverySeconds, type Outage } from './outages';
import { printReport } from './report';
import { DEPENDENCIES, StackService, type Dependency } from './services';
import { signUpLoginUsers, sessionRenewer } from './users';

const { values: args } = parseArgs({
  options: {
    stop: { type: 'string', default: '20' },
    // Longer than the dependency budget (outages.ts): a request only the request timeout ends shows.
    pause: { type: 'string', default: '12' },
    rate: { type: 'string', default: '20' },
    bookings: { type: 'string', default: '120' },
    recovery: { type: 'string', default: '30' },
    only: { type: 'string', default: DEPENDENCIES.join(',') },
    keep: { type: 'boolean', default: false },
  },
});
const STOP_MS = Number(args.stop) * 1000;
const PAUSE_MS = Number(args.pause) * 1000;
const RECOVERY_BOUND_S = Number(args.recovery);
/** The fault stack's request timeout (crash-stack.ts): every answer within it, plus the client's margin. */
const REQUEST_TIMEOUT_MS = 15_000;
const PAYMENT_WAIT_SECONDS = 15;

interface Run extends StackRun {
  paused?: StackService;
  stopped?: StackService;
}

async function cleanUp(run: Run): Promise<void> {
  try {
    run.paused?.resume();
  } catch {
    // gone
  }
  // Cut short mid-outage: the stack's later users (scripts/test.sh's next steps) need it whole.
  await run.stopped?.start().catch(() => undefined);
  await closeRun(run, args.keep);
}

/** Takes `service` away (stopped or paused), brings it back, waits (bounded) for the load to recover. */
async function outage(run: Run, load: Load, service: StackService, mode: Outage['mode']): Promise<Outage> {
  const o: Outage = {
    dependency: service.name,
    mode,
    startedAt: Date.now(),
    sessionsMayBeLost: service.name === 'redis' && mode === 'stopped',
  };
  console.log(`${new Date().toISOString()} ${service.name} ${mode}`);
  if (mode === 'stopped') {
    run.stopped = service;
    await service.stop();
    await sleep(Math.max(0, o.startedAt + STOP_MS - Date.now()));
    await service.start();
    run.stopped = undefined;
  } else {
    run.paused = service;
    service.pause();
    await sleep(PAUSE_MS);
    service.resume();
    run.paused = undefined;
  }
  o.backAt = Date.now();
  const bound = o.backAt + (RECOVERY_BOUND_S + 2) * 1000;
  while (recoverySeconds(o, load.answers) === null && Date.now() < bound) await sleep(500);
  o.endedAt = Date.now();
  console.log(
    `${new Date().toISOString()} ${service.name} back, recovered: ${recoverySeconds(o, load.answers) ?? 'NOT'}`,
  );
  // Every customer signs in again, so that in the next outages a 401 is a wrong answer again.
  if (o.sessionsMayBeLost) await load.renewAllSessions();
  await sleep(2_000);
  return o;
}

async function faultTest(run: Run, logDir: string): Promise<number> {
  const startedAt = Date.now();
  const root = resolve(__dirname, '../..');
  const stateDir = process.env.FAULT_TEST_STATE_DIR;
  if (!stateDir) throw new Error('FAULT_TEST_STATE_DIR is not set: run scripts/fault-test.sh');
  const only = args.only.split(',') as Dependency[];
  const bookings = Number(args.bookings);

  run.db = await freshDatabase();
  const stack = (run.stack = await crashStack({
    root,
    logDir,
    db: run.db,
    label: 'fault',
    paymentWaitSeconds: PAYMENT_WAIT_SECONDS,
    startTimeoutMs: 240_000,
    // What is under test is the dependencies, not the limits: every answer of the load is its own.
    extraEnv: {
      RATE_LIMIT_SEARCH: '1000000/60',
      RATE_LIMIT_LOGIN_PER_IP: '1000000/60',
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '1000000/60',
      RATE_LIMIT_SIGNUP_PER_IP: '1000000/60',
      RATE_LIMIT_BOOKINGS: '1000000/60',
    },
  }));
  const { config } = stack;
  const { sequelize, redis, client } = await connectRun(run, config, 'fault-test');
  const [flights, customers] = await Promise.all([
    privateFlights(config, flightsNeeded(bookings)),
    seedCustomers(config, { sequelize, redis }, bookings),
    stack.start(client),
  ]);
  await Promise.all(flights.map(({ flight }, i) => setSeats(simUrl(), flight.id, seatsFor(i))));
  const planned = await planBookings(
    customers,
    flights.map((f) => f.flight),
  );
  const loginUsers = await signUpLoginUsers(stack.apiUrl, 4);
  const load = new Load({
    apiUrl: stack.apiUrl,
    rate: Number(args.rate),
    clientTimeoutMs: REQUEST_TIMEOUT_MS + 5_000,
    customers,
    bookings: planned,
    loginUsers,
    renewSession: sessionRenewer(config, { sequelize, redis }),
  });
  const readySeconds = (Date.now() - startedAt) / 1000;

  load.start();
  await sleep(8_000);
  const outages: Outage[] = [];
  for (const name of DEPENDENCIES.filter((d) => only.includes(d))) {
    const service = new StackService(name, root, stateDir);
    outages.push(await outage(run, load, service, 'stopped'));
    outages.push(await outage(run, load, service, 'paused'));
  }
  await load.stop();
  await load.finishBookings(Date.now() + 60_000);

  const sent = planned.filter((b) => b.attempts);
  const accepted = sent.flatMap((b) => (b.bookingId ? [b.bookingId] : []));
  const settled = await settle(sequelize, client, accepted, Date.now() + 120_000);
  const { dependencies } = config;
  const longest = Math.max(
    dependencies.postgresTimeoutMs,
    dependencies.opensearchTimeoutMs,
    dependencies.temporalTimeoutMs,
    config.redis.commandTimeoutMs,
  );
  const bounds = { requestTimeoutMs: REQUEST_TIMEOUT_MS, dependencyBudgetMs: 2 * longest };
  const figures = outages.map((o) => outageFigures(o, load.answers, bounds, RECOVERY_BOUND_S));
  const quiet = quietFigures(outages, load.answers, bounds);
  const byEnd: Record<string, number> = {};
  for (const s of settled) byEnd[s.status] = (byEnd[s.status] ?? 0) + 1;
  const violations = [
    ...figures.flatMap((f) => f.violations.map((v) => `${f.outage.dependency} ${f.outage.mode}: ${v}`)),
    ...quiet.violations.map((v) => `between outages: ${v}`),
    ...sent.filter((b) => !b.bookingId).map((b) => `customer ${b.customer.id}: booking never accepted`),
    ...(await doubleViolations(sequelize, sent)),
    ...(await openRowViolations(sequelize)),
    ...terminalViolations(settled),
    ...(await auditViolations(sequelize, settled)),
    ...Object.values(stack.procs).flatMap((p) =>
      p.running ? [] : [`${p.name} process died (log ${p.log})`],
    ),
  ];
  writeFileSync(join(logDir, 'violations.txt'), violations.map((v) => `${v}\n`).join(''));
  printReport({
    outages: figures,
    quiet,
    bookings: {
      sent: sent.length,
      accepted: accepted.length,
      attempts: sent.reduce((n, b) => n + (b.attempts ?? 0), 0),
      byEnd,
    },
    violations,
    seconds: { ready: readySeconds, total: (Date.now() - startedAt) / 1000 },
    logDir,
  });
  return violations.length === 0 ? 0 : 1;
}

async function main(): Promise<void> {
  const run: Run = {};
  await runStackScript({
    name: 'fault test',
    logDirVariable: 'FAULT_TEST_LOG_DIR',
    logDirPrefix: 'travelhub-fault-',
    body: (logDir) => faultTest(run, logDir),
    cleanUp: () => cleanUp(run),
  });
}

void main();
