/**
 * The API's CPU cost of one accepted `POST /api/v1/bookings`, on its own (issue 8's accept target):
 * the real api/server.ts in its own process on a private database, a Temporal dev server of its
 * own (fresh store) and a task queue that no worker polls (so the pools' CPU does not mix in), real Bearer sessions, per-user limits at their
 * configured values. Requests go at a rate the API keeps up with, so the figure is CPU per accept,
 * not queueing. Prints the figures and appends them to bench/RESULTS.md (unless --dry).
 *   scripts/with-env.sh node --import tsx bench/booking-accept-cpu.ts [requests=400] [rate=25] [--dry]
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the API process there (on exit).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../lib/clients/database';
import { attachKeyring } from '../db/encrypted';
import { loadConfig } from '../lib/config';
import { keyringFromConfig } from '../lib/crypto';
import { createTemporalClient } from '../lib/clients/temporal';
import { taskQueues } from '../lib/temporal/task-queues';
import { acceptRun } from './booking-accept';
import { syntheticFlightBooking as body } from './booking-synthetic-body';
import { bearerCustomers, benchApiEnv, startBenchApi } from './booking-api';
import { load, machine, ms, num, publish, quantile } from './booking-results';
import { privateBenchEnv, type BenchStack } from './booking-stack';
import { startPrivateTemporal } from './private-temporal';

const args = process.argv.slice(2).filter((a) => a !== '--dry');
const DRY = process.argv.includes('--dry');
const REQUESTS = Number(args[0] ?? 400);
const RATE = Number(args[1] ?? 25);
const WARMUP = 40;

async function main() {
  const { dir, db, childEnv } = await privateBenchEnv('accept');
  const temporal = await startPrivateTemporal(dir);
  childEnv.TEMPORAL_ADDRESS = temporal.address;
  const suffix = `accept${randomBytes(4).toString('hex')}`;
  const config = loadConfig(childEnv);
  const sequelize: Sequelize = createSequelize(config, 'app');
  attachKeyring(sequelize, keyringFromConfig(config, sequelize));
  const client = await createTemporalClient(config);
  const stack = { dir, config, childEnv, suffix, sequelize } as unknown as BenchStack;
  const { bookings, payments } = config.rateLimits;
  const perUser = Math.max(1, Math.min(bookings.limit, payments.limit) - 1);
  const users = Math.ceil((WARMUP + REQUESTS) / perUser);
  const apiEnv = await benchApiEnv(stack);
  const signedIn = await bearerCustomers(stack, users, apiEnv);
  const api = await startBenchApi(stack, apiEnv);
  let ok = false;
  try {
    const bodies = Array.from({ length: WARMUP + REQUESTS }, body);
    const tokens = signedIn.tokens;
    await acceptRun(apiEnv.url, tokens, bodies.slice(0, WARMUP), RATE);
    const rotated = [...tokens.slice(WARMUP % users), ...tokens.slice(0, WARMUP % users)];
    const startLoad = load();
    const cpu0 = api.cpuSeconds();
    const run = await acceptRun(apiEnv.url, rotated, bodies.slice(WARMUP), RATE);
    const cpuUs = ((api.cpuSeconds() - cpu0) * 1e6) / REQUESTS;
    const answers = Object.entries(run.statuses)
      .map(([s, n]) => `${n}× ${s}`)
      .join(', ');
    publish(
      [
        `## POST /api/v1/bookings accept CPU (bench/booking-accept-cpu.ts), ${new Date().toISOString()}`,
        '',
        `Machine: ${machine()}; shared dev stack, the bench's own Temporal dev server on a fresh store. Load average ${startLoad} at the start, ${load()} at the end: indicative only. ` +
          `The real api/server.ts, its own process, private database, a task queue no worker polls; ${users} verified customers with Bearer sessions, ` +
          `at most ${perUser} bookings each; ${REQUESTS} requests at ${RATE}/s (open loop) after ${WARMUP} warm-up ones. API CPU from /proc (user + system).`,
        '',
        '| requests | answers | API CPU µs/request | p50 | p99 |',
        '|---:|---|---:|---:|---:|',
        `| ${REQUESTS} | ${answers} | ${num(cpuUs, 0)} | ${ms(quantile(run.latenciesMs, 0.5))} | ${ms(quantile(run.latenciesMs, 0.99))} |`,
      ],
      DRY,
    );
    ok = true;
  } finally {
    await api.stop();
    await signedIn.close();
    // Nobody polls the queue: end the accepted bookings' workflows.
    const queue = taskQueues(suffix).bookings;
    for await (const w of client.workflow.list({
      query: `TaskQueue = '${queue}' AND ExecutionStatus = 'Running'`,
    })) {
      await client.workflow
        .getHandle(w.workflowId)
        .terminate('bench over')
        .catch(() => undefined);
    }
    await client.connection.close();
    await temporal.stop();
    await sequelize.close();
    await db.drop();
    if (ok) rmSync(dir, { recursive: true, force: true });
    else console.error(`bench failed: logs in ${dir}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
