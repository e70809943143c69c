import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Config } from '../../lib/config';
import { createLogger, type Logger } from '../../lib/logger';
import { createTemporalClient, type TemporalClientOptions } from '../../lib/clients/temporal';
import { taskQueues, type TaskQueues } from '../../lib/temporal/task-queues';
import { createWorker, type CreatedWorker, type CreateWorkerOptions } from '../../workers/bootstrap';

/** One worker: what bootstrap.createWorker takes, less what the helper supplies for all of them. */
export type WorkerSpec = Omit<CreateWorkerOptions, 'config' | 'logger' | 'taskQueue'> & {
  /** Defaults to the helper's queue for the spec's pool. */
  taskQueue?: string;
};

export interface StartWorkersOptions {
  /**
   * Built from process.env (`loadConfig()`, `loadConfig({ ...process.env, ... })` or a database
   * helper's config): a bare env falls back to the dev profile's Temporal and passes only while
   * the dev stack is up.
   */
  config: Config;
  workers: WorkerSpec[];
  /** Defaults to a fresh suffixed set, so no other worker (a developer's, another file's) polls them. */
  queues?: TaskQueues;
  /** Defaults to a test logger at `logLevel`. */
  logger?: Logger;
  /** 'error' keeps a test's deliberate failures (and the SDK's per-pool warnings) out of the output. */
  logLevel?: 'warn' | 'error';
  client?: TemporalClientOptions;
}

export interface TestWorkers {
  queues: TaskQueues;
  client: Client;
  workers: CreatedWorker[];
  /**
   * Shuts every worker down, waits for them to drain, closes their connections and the client.
   * Safe to call twice. Fails (after closing everything) when a worker stopped on its own before.
   */
  stop(): Promise<void>;
}

export function freshQueues(prefix = 't'): TaskQueues {
  return taskQueues(`${prefix}${randomBytes(5).toString('hex')}`);
}

/**
 * Real in-process workers against the stack's Temporal server, built by bootstrap.createWorker
 * (the pools' own connection, limits, logging and data converter), running until `stop()`, and
 * a client from createTemporalClient. If one worker cannot be created, those already created
 * are stopped before the error is thrown.
 */
export async function startWorkers(options: StartWorkersOptions): Promise<TestWorkers> {
  const { config } = options;
  const queues = options.queues ?? freshQueues();
  const logger =
    options.logger ??
    createLogger({ serviceName: 'travelhub-test', log: { level: options.logLevel ?? 'warn' } });

  const created = await Promise.allSettled(
    options.workers.map((spec) =>
      createWorker({ ...spec, taskQueue: spec.taskQueue ?? queues[spec.pool], config, logger }),
    ),
  );
  const workers = created.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
  const refused = created.find((c) => c.status === 'rejected');
  if (refused) {
    await Promise.allSettled(workers.map((w) => w.connection.close()));
    throw refused.reason;
  }

  let stopping = false;
  const crashed: unknown[] = [];
  const running = workers.map((w) =>
    w.worker.run().catch((err: unknown) => {
      if (!stopping) crashed.push(err);
    }),
  );

  let client: Client;
  try {
    client = await createTemporalClient(config, options.client);
  } catch (err) {
    await stopAll();
    throw err;
  }

  async function stopAll(): Promise<void> {
    stopping = true;
    for (const w of workers) {
      // A worker that already failed refuses shutdown(); its run() has settled anyway.
      if (w.worker.getState() === 'RUNNING') w.worker.shutdown();
    }
    await Promise.all(running);
    await Promise.allSettled(workers.map((w) => w.connection.close()));
  }

  let stopped: Promise<void> | undefined;
  return {
    queues,
    client,
    workers,
    stop() {
      stopped ??= (async () => {
        await stopAll();
        await client.connection.close();
        if (crashed.length > 0) throw new AggregateError(crashed, 'a worker stopped before stop()');
      })();
      return stopped;
    },
  };
}
