import { Worker, type NativeConnection } from '@temporalio/worker';
import { config as processConfig, type Config } from '../lib/config';
import type { Keyring } from '../lib/crypto';
import { createLogger, requestLogFields, type Logger } from '../lib/logger';
import { platformDataConverter } from '../lib/temporal/data-converter';
import { closingWith, payloadKeys } from '../lib/temporal/payload-keys';
import { taskQueues, type Pool } from '../lib/temporal/task-queues';
import { connectWorker } from '../lib/clients/temporal-worker';
import { workerLimits, type WorkerLimits } from './limits';
import { installRuntime } from './runtime';

export interface CreateWorkerOptions {
  pool: Pool;
  /** Defaults to the pool's queue from lib/temporal/task-queues; tests pass suffixed names. */
  taskQueue?: string;
  activities?: object;
  /** The workflows module to bundle (workflow pools only). */
  workflowsPath?: string;
  config?: Config;
  logger?: Logger;
  limits?: Partial<WorkerLimits>;
  /** Seals payloads (issue 8.4); without it the worker opens its own keyring on config's database. */
  keyring?: Keyring;
}

export interface RunWorkerOptions extends CreateWorkerOptions {
  /** Closes what the activities hold (database pool, SMTP transport) once the worker has drained. */
  onShutdown?: () => Promise<void> | void;
}

export interface CreatedWorker {
  worker: Worker;
  connection: NativeConnection;
  taskQueue: string;
  logger: Logger;
}

/**
 * A worker for one pool, connected to Temporal from config, logging through bunyan, with the
 * pool's concurrency limits and the platform's data converter (every payload sealed). The
 * caller runs it and closes `connection` after `run()` returns (which also closes the keyring's
 * own database connection).
 */
export async function createWorker(options: CreateWorkerOptions): Promise<CreatedWorker> {
  const cfg = options.config ?? processConfig();
  const base = options.logger ?? createLogger(cfg);
  const taskQueue = options.taskQueue ?? taskQueues(cfg.temporal.taskQueueSuffix)[options.pool];
  // The worker's own lines carry the SEC-LOG-01 field set too (unknown ones null); workflow and
  // activity lines get theirs from the runtime's logger (log-adapter.ts).
  const logger = base.child({ pool: options.pool, task_queue: taskQueue, ...requestLogFields({}) });
  if (!options.activities && !options.workflowsPath) {
    throw new Error(`worker for ${options.pool} has neither activities nor workflows`);
  }
  installRuntime(base, cfg.log.level);
  const limits = workerLimits(options.pool, cfg, options.limits);

  const keys = payloadKeys(cfg, options.keyring);
  let connection: NativeConnection;
  try {
    connection = closingWith(await connectWorker(cfg), keys);
  } catch (err) {
    await keys.close();
    throw err;
  }
  try {
    const worker = await Worker.create({
      connection,
      namespace: cfg.temporal.namespace,
      taskQueue,
      dataConverter: platformDataConverter(keys.keyring, {
        waitForKeysMs: cfg.dependencies.workerCodecWaitMs,
      }),
      activities: options.activities,
      maxConcurrentActivityTaskExecutions: limits.maxConcurrentActivityTaskExecutions,
      shutdownGraceTime: limits.shutdownGraceTimeMs,
      maxHeartbeatThrottleInterval: limits.maxHeartbeatThrottleMs,
      ...(options.workflowsPath && {
        workflowsPath: options.workflowsPath,
        maxConcurrentWorkflowTaskExecutions: limits.maxConcurrentWorkflowTaskExecutions,
        maxCachedWorkflows: limits.maxCachedWorkflows,
      }),
    });
    return { worker, connection, taskQueue, logger };
  } catch (err) {
    await connection.close();
    throw err;
  }
}

/**
 * Creates and runs a pool's worker until SIGINT/SIGTERM (see runtime.ts), then lets in-flight
 * tasks finish, closes the Temporal connection and calls `onShutdown`.
 */
export async function runWorker(options: RunWorkerOptions): Promise<void> {
  const { worker, connection, taskQueue, logger } = await createWorker(options);
  logger.info({ action: 'worker.start', result: 'success' }, `worker polling ${taskQueue}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    await options.onShutdown?.();
    logger.info({ action: 'worker.stop', result: 'success' }, 'worker stopped');
  }
}

/** Entry-point wrapper: a failure is logged once and ends the process with status 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.exitCode = 1;
    try {
      createLogger(processConfig()).fatal(
        { err, ...requestLogFields({ action: 'worker.fail', result: 'error' }) },
        'worker failed',
      );
    } catch {
      // The configuration itself is broken: say so without echoing any of it.
      console.error(`worker failed: ${err instanceof Error ? err.name : 'error'}`);
    }
  });
}
