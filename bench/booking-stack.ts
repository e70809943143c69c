import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { PAYMENT_CURRENCIES } from '../services/payments/payment-rules';
import { createSupplierAdapters, type FlightInventory } from '../activities/suppliers';
import { createSequelize } from '../lib/clients/database';
import { attachKeyring } from '../db/encrypted';
import { identityModels } from '../db/models/identity';
import { loadConfig, type Config } from '../lib/config';
import { keyringFromConfig } from '../lib/crypto';
import type { Actor } from '../lib/rbac';
import { createTemporalClient } from '../lib/clients/temporal';
import { taskQueues, type TaskQueues } from '../lib/temporal/task-queues';
import { httpRequest } from '../test/helpers/http-request';
import { freshDatabase, type TestDatabase } from '../test/helpers/databases';
import { createPaymentMethod, TEST_CARDS } from '../test/payments/helpers/stripe-stack';
import { spawnReady, type BenchProcess } from './booking-processes';
import { startPrivateTemporal } from './private-temporal';

/** Everything bench/booking runs on: private database, simulator, queues and worker processes. */
export interface BenchStack {
  run: string;
  dir: string;
  db: TestDatabase;
  config: Config;
  /** The environment every bench child starts from: the stack's, pointed at the private pieces. */
  childEnv: NodeJS.ProcessEnv;
  /** TEMPORAL_TASK_QUEUE_SUFFIX of the booking saga's processes (and of the bench's API). */
  suffix: string;
  queues: TaskQueues;
  baselineQueues: TaskQueues;
  /** The four pools of the booking saga, then the four of the baseline. */
  workers: BenchProcess[];
  /** The bench's own Temporal dev server (bench/private-temporal.ts). */
  temporalPid: number;
  sequelize: Sequelize;
  client: Client;
  close(keepLogs: boolean): Promise<void>;
}

const POOLS = ['bookings', 'suppliers', 'payments', 'notify'] as const;
const ROOT = join(__dirname, '..');
const POLLING = /worker polling/;

function startWorkers(env: NodeJS.ProcessEnv, dir: string, suffix: string, baselineSuffix: string) {
  const real = { ...env, TEMPORAL_TASK_QUEUE_SUFFIX: suffix };
  const base = { ...env, TEMPORAL_TASK_QUEUE_SUFFIX: baselineSuffix };
  const bench = join(__dirname, 'booking-worker.ts');
  return [
    ...POOLS.map((pool) =>
      pool === 'suppliers'
        ? spawnReady('pool-suppliers', bench, ['suppliers'], real, dir, POLLING)
        : spawnReady(`pool-${pool}`, join(ROOT, 'workers', `${pool}.ts`), [], real, dir, POLLING),
    ),
    ...POOLS.map((pool) => spawnReady(`baseline-${pool}`, bench, ['baseline', pool], base, dir, POLLING)),
  ];
}

/**
 * What every bench child process runs on: a scratch directory, a database cloned from the
 * template, fresh supplier secrets in files, and the stack's environment pointing at both.
 */
export async function privateBenchEnv(
  name: string,
): Promise<{ dir: string; db: TestDatabase; childEnv: NodeJS.ProcessEnv }> {
  const dir = mkdtempSync(join(tmpdir(), `travelhub-bench-${name}-`));
  const secretFile = (file: string) => {
    const path = join(dir, file);
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    return path;
  };
  const db = await freshDatabase();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.config.database.url,
    DATABASE_ADMIN_URL: db.config.database.adminUrl,
    SUPPLIER_HOTEL_SECRET_FILE: secretFile('supplier_hotel_secret'),
    SUPPLIER_FLIGHT_SECRET_FILE: secretFile('supplier_flight_secret'),
    LOG_LEVEL: 'info',
  };
  return { dir, db, childEnv };
}

/**
 * Starts the bench's private pieces on the shared dev stack (Postgres, localstripe through the
 * recording proxy, SMTP sink): a Temporal dev server on a fresh store, a database cloned from the
 * template, a supplier
 * simulator of its own with a `latencyMs` rule on every partner call of the bench's scope, and
 * the pool processes of both sagas, on task queues no one else polls.
 */
export async function startBenchStack(latencyMs: number, flights: number): Promise<BenchStack> {
  const run = randomBytes(4).toString('hex');
  const { dir, db, childEnv } = await privateBenchEnv('booking');
  const temporal = await startPrivateTemporal(dir);
  childEnv.TEMPORAL_ADDRESS = temporal.address;
  const sim = await spawnReady(
    'supplier-sim',
    join(ROOT, 'tools/supplier-sim/main.ts'),
    [],
    {
      ...childEnv,
      SUPPLIER_SIM_PORT: '0',
      SUPPLIER_SIM_HOTELS: '200',
      SUPPLIER_SIM_FLIGHTS: String(flights),
    },
    dir,
    /supplier simulator on (http:\/\/[\w.[\]:-]+?:\d+)/,
  );
  childEnv.SUPPLIER_URL = sim.match[1];
  const scope = `bench-${run}`;
  const fault = await httpRequest(sim.match[1]!, {
    method: 'POST',
    path: '/_control/faults',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scope, kind: 'latency', ms: latencyMs }),
  });
  if (fault.status < 200 || fault.status > 299) throw new Error(`latency rule refused: ${fault.status}`);
  const suffix = `bench${run}`;
  const baselineSuffix = `bench${run}-base`;
  const started = await Promise.allSettled(
    startWorkers({ ...childEnv, BENCH_SIM_SCOPE: scope }, dir, suffix, baselineSuffix),
  );
  const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.process] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all([...workers, sim.process].map((p) => p.stop()));
    await temporal.stop();
    throw (failed as PromiseRejectedResult).reason;
  }
  const config = loadConfig(childEnv);
  const sequelize = createSequelize(config, 'app');
  attachKeyring(sequelize, keyringFromConfig(config, sequelize));
  const client = await createTemporalClient(config);
  return {
    run,
    dir,
    db,
    config,
    childEnv,
    suffix,
    queues: taskQueues(suffix),
    baselineQueues: taskQueues(baselineSuffix),
    workers,
    temporalPid: temporal.pid,
    sequelize,
    client,
    async close(keepLogs) {
      await Promise.all(workers.map((w) => w.stop()));
      await sim.process.stop();
      await client.connection.close();
      await temporal.stop();
      await sequelize.close();
      await db.drop();
      if (!keepLogs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Verified customers, written the way the saga tests write them (identity rows, no password). */
export async function customers(stack: Pick<BenchStack, 'sequelize'>, n: number): Promise<Actor[]> {
  const { User } = identityModels(stack.sequelize);
  const actors: Actor[] = [];
  for (let i = 0; i < n; i++) {
    const user = await User.create({
      role: 'USER',
      email: `bench.${i}.${randomUUID()}@example.test`,
      email_verified_at: new Date(),
    });
    actors.push({ id: user.id, role: 'USER', sessionId: randomUUID() });
  }
  return actors;
}

/** `n` distinct flights with a seat free, bookable in a payment currency, at least two days out. */
export async function bookableFlights(stack: BenchStack, n: number): Promise<FlightInventory[]> {
  const { adapters, shutdown } = createSupplierAdapters(stack.config);
  const found: FlightInventory[] = [];
  try {
    let cursor: string | null = null;
    do {
      const page = await adapters.flight.feedPage(cursor, 500);
      for (const f of page.items as FlightInventory[]) {
        if (
          f.seatsLeft >= 1 &&
          PAYMENT_CURRENCIES.includes(f.currency) &&
          Date.parse(f.departureAt) > Date.now() + 2 * 86_400_000
        ) {
          found.push(f);
        }
      }
      cursor = page.nextCursor;
    } while (cursor && found.length < n);
  } finally {
    shutdown();
  }
  if (found.length < n)
    throw new Error(`the simulator has ${found.length} bookable flights, the bench needs ${n}`);
  return found.slice(0, n);
}

/** PaymentMethods made at localstripe directly, as Stripe.js would; a few requests at a time. */
export async function paymentMethods(n: number): Promise<string[]> {
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (ids.length < n) {
        const slot = ids.push('') - 1;
        ids[slot] = await createPaymentMethod(TEST_CARDS.succeeds);
      }
    }),
  );
  return ids;
}
