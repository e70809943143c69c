import type { Config } from '../lib/config';
import type { Pool } from '../lib/temporal/task-queues';

export interface WorkerLimits {
  maxConcurrentActivityTaskExecutions: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxCachedWorkflows: number;
  /** How long in-flight activities get to finish after SIGINT/SIGTERM. */
  shutdownGraceTimeMs: number;
  /**
   * Longest wait before an activity's heartbeat reaches the server (the SDK sends at most one per
   * interval, by default 0.8 × the heartbeat timeout). What a killed worker's retry resumes from
   * is the last heartbeat the server got, so a long interval means work done again.
   */
  maxHeartbeatThrottleMs: number;
}

/**
 * Per-pool defaults. Activity slots never exceed the database pool (config.database.poolMax), so
 * a busy worker queues tasks on the Temporal server instead of piling up on the pool's acquire
 * timeout; grace times cover the pool's slowest outbound call (suppliers: 10 s timeout).
 */
const DEFAULTS: Record<Pool, WorkerLimits> = {
  bookings: {
    // Workflow tasks, and the booking row's status writes (one transaction each).
    maxConcurrentActivityTaskExecutions: 10,
    maxConcurrentWorkflowTaskExecutions: 40,
    maxCachedWorkflows: 1_000,
    shutdownGraceTimeMs: 10_000,
    maxHeartbeatThrottleMs: 60_000,
  },
  suppliers: {
    maxConcurrentActivityTaskExecutions: 20,
    maxConcurrentWorkflowTaskExecutions: 1,
    maxCachedWorkflows: 0,
    shutdownGraceTimeMs: 15_000,
    maxHeartbeatThrottleMs: 60_000,
  },
  payments: {
    maxConcurrentActivityTaskExecutions: 10,
    maxConcurrentWorkflowTaskExecutions: 1,
    maxCachedWorkflows: 0,
    shutdownGraceTimeMs: 30_000,
    maxHeartbeatThrottleMs: 60_000,
  },
  notify: {
    maxConcurrentActivityTaskExecutions: 10,
    maxConcurrentWorkflowTaskExecutions: 1,
    maxCachedWorkflows: 0,
    shutdownGraceTimeMs: 30_000,
    maxHeartbeatThrottleMs: 60_000,
  },
  maintenance: {
    maxConcurrentActivityTaskExecutions: 4,
    maxConcurrentWorkflowTaskExecutions: 1,
    maxCachedWorkflows: 0,
    shutdownGraceTimeMs: 60_000,
    // The inventory sync heartbeats its feed cursor after every page: a killed worker's retry
    // fetches again at most the pages of the last two seconds.
    maxHeartbeatThrottleMs: 2_000,
  },
};

export function workerLimits(
  pool: Pool,
  config: Pick<Config, 'database'>,
  overrides: Partial<WorkerLimits> = {},
): WorkerLimits {
  const limits = { ...DEFAULTS[pool], ...overrides };
  limits.maxConcurrentActivityTaskExecutions = Math.min(
    limits.maxConcurrentActivityTaskExecutions,
    config.database.poolMax,
  );
  return limits;
}
