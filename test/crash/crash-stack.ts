import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { loadConfig, type Config } from '../../lib/config';
import { taskQueues, type TaskQueues } from '../../lib/temporal/task-queues';
import type { TestDatabase } from '../helpers/databases';
import { freePort } from '../helpers/free-port';
import { AppProcess, type AppName } from './app-process';
import { waitForApi, waitForPoller } from './readiness';

export interface CrashStackOptions {
  root: string;
  logDir: string;
  db: TestDatabase;
  paymentWaitSeconds: number;
  startTimeoutMs: number;
  /** Over the crash test's own variables (the fault test raises the rate limits it is not testing). */
  extraEnv?: NodeJS.ProcessEnv;
  /** The task-queue suffix's first word (default crash). */
  label?: string;
}

/** What the crash test's own deployment is: its processes, its queues, its API address. */
export interface CrashStack {
  env: NodeJS.ProcessEnv;
  config: Config;
  queues: TaskQueues;
  apiUrl: string;
  procs: Record<AppName, AppProcess>;
  /**
   * Starts every process and waits until the API answers and each worker polls; the API with
   * the fault hook armed (`API_FAULT_HOOK`) when `armedApi`.
   */
  start(client: Client, options?: { armedApi?: boolean }): Promise<void>;
  /** Starts the API (after it died) with the fault hook armed, and waits until it answers. */
  startArmedApi(client: Client): Promise<void>;
  /** Resolves once this incarnation of `proc` serves again (API healthy, worker polling). */
  ready(client: Client, proc: AppProcess): Promise<void>;
  stopAll(): Promise<void>;
}

const WORKER_KIND = {
  bookings: 'workflow',
  payments: 'activity',
  suppliers: 'activity',
  notify: 'activity',
  maintenance: 'workflow',
} as const;

/**
 * For one API incarnation: it SIGKILLs itself right after the first booking row it writes, before
 * that booking's saga starts (lib/config/test-faults.ts; production refuses it).
 */
export const API_FAULT_HOOK: NodeJS.ProcessEnv = { TEST_FAULT_AFTER_BOOKING_INSERT: 'kill' };

/**
 * The platform's processes as a deployment of their own on the shared stack: the run's database
 * (cloned from the template), task queues under a random suffix (nobody else's worker takes its
 * tasks, its workers take nobody's), its own API port, sessions under a random Redis prefix, and
 * the saga's timeouts short enough for a bounded run. Everything else is the stack's, from
 * `process.env` (scripts/with-env.sh or scripts/test.sh).
 */
export async function crashStack(options: CrashStackOptions): Promise<CrashStack> {
  const suffix = `${options.label ?? 'crash'}-${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.db.config.database.url,
    DATABASE_ADMIN_URL: options.db.config.database.adminUrl,
    TEMPORAL_TASK_QUEUE_SUFFIX: suffix,
    API_PORT: String(port),
    API_METRICS_PORT: '0',
    SESSION_REDIS_PREFIX: `th:${suffix}:sess:`,
    BOOKING_PAYMENT_WAIT_SECONDS: String(options.paymentWaitSeconds),
    BOOKING_PAYMENT_POLL_SECONDS: '1',
    BOOKING_CANCEL_WINDOW_SECONDS: '1',
    BOOKING_HOLD_TTL_SECONDS: '900',
    // Every customer of the run comes from this machine's one address, and a client's retries
    // of a 503 on a loaded machine count as payment attempts: the limits are not under test here.
    RATE_LIMIT_GLOBAL_PER_IP: '100000/60',
    RATE_LIMIT_PAYMENTS: '50/900',
    RATE_LIMIT_BOOKINGS: '50/3600',
    // A killed request leaves its key claimed (409 to the retries) until the lock expires; the
    // lock outlives the request timeout (lib/config), both shorter than the 30 s / 60 s defaults
    // so the customers of a killed API get through within the bounded run.
    REQUEST_TIMEOUT_MS: '15000',
    IDEMPOTENCY_LOCK_TTL_SECONDS: '20',
    LOG_LEVEL: 'warn',
    ...options.extraEnv,
  };
  const config = loadConfig(env);
  const queues = taskQueues(suffix);
  const apiUrl = `http://127.0.0.1:${port}`;
  const procs = Object.fromEntries(
    (['api', 'bookings', 'payments', 'suppliers', 'notify', 'maintenance'] as const).map((name) => [
      name,
      new AppProcess(name, options.root, env, options.logDir),
    ]),
  ) as Record<AppName, AppProcess>;

  async function ready(client: Client, proc: AppProcess): Promise<void> {
    const deadline = Date.now() + options.startTimeoutMs;
    if (proc.name === 'api') return waitForApi(apiUrl, proc, deadline);
    return waitForPoller(client, proc, queues[proc.name], WORKER_KIND[proc.name], deadline);
  }

  return {
    env,
    config,
    queues,
    apiUrl,
    procs,
    async start(client, { armedApi = false } = {}) {
      for (const proc of Object.values(procs))
        proc.start(proc.name === 'api' && armedApi ? API_FAULT_HOOK : {});
      await Promise.all(Object.values(procs).map((proc) => ready(client, proc)));
    },
    async startArmedApi(client) {
      procs.api.start(API_FAULT_HOOK);
      await ready(client, procs.api);
    },
    ready,
    async stopAll() {
      await Promise.all(Object.values(procs).map((proc) => proc.stop('SIGTERM', 15_000)));
    },
  };
}
