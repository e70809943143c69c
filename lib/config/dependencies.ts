import { int } from './env-values';

/** SEC-RATE-03 / issue 20.2: how long a request waits for one call to a dependency, and its breakers. */
export interface DependenciesConfig {
  /** Pool acquire, connect, client-side query timeout and statement_timeout of the API's pool. */
  postgresTimeoutMs: number;
  /** requestTimeout of the API's OpenSearch client, which makes no retries of its own. */
  opensearchTimeoutMs: number;
  /** Deadline of each short Temporal call the API makes (start, signal, query, describe). */
  temporalTimeoutMs: number;
  /** Redis's deadline is REDIS_COMMAND_TIMEOUT_MS (config.redis.commandTimeoutMs). */
  breaker: {
    /** Calls in the rolling window before the error rate can open a breaker. */
    volumeThreshold: number;
    errorThresholdPercentage: number;
    rollingWindowMs: number;
    /** How long a breaker stays open before one trial call (half-open); also the Retry-After. */
    resetTimeoutMs: number;
  };
  /** Retry-After of every 503 the API answers: the breakers' reset time, in whole seconds. */
  retryAfterSeconds: number;
  /**
   * How long a worker's payload codec waits for the key store's Postgres before it fails (and the
   * SDK stops the worker): longer than a database restart or failover takes.
   */
  workerCodecWaitMs: number;
}

/**
 * Issue 20.2: a hung dependency (a full disk, a stuck failover) must cost a request a few seconds,
 * not the whole request timeout. 5 s is about 40 times the slowest healthy call measured here
 * (a booking accept's p99, 118 ms, bench/RESULTS.md), so a loaded but working dependency never
 * reaches it, and it leaves a request that met a hung dependency five times within the 30 s
 * request timeout. A breaker opens once more than half of at least 5 calls in the last 2 s
 * failed: the window is no longer than the shortest deadline (Redis's 2 s), so when a dependency
 * hangs, the successes from before have left it by the time the first calls time out, and the
 * first wave of timeouts opens it (a 10 s window kept it closed for 5 s more under 60 calls a
 * second: fault test). It lets one trial through every 5 s: a recovered dependency serves again
 * within 5 s, unattended.
 */
export function dependenciesConfig(env: NodeJS.ProcessEnv): DependenciesConfig {
  const resetTimeoutMs = int(env, 'DEPENDENCY_BREAKER_RESET_MS', 5_000, 100, 60_000);
  return {
    postgresTimeoutMs: int(env, 'DEPENDENCY_POSTGRES_TIMEOUT_MS', 5_000, 100, 30_000),
    opensearchTimeoutMs: int(env, 'DEPENDENCY_OPENSEARCH_TIMEOUT_MS', 5_000, 100, 10_000),
    temporalTimeoutMs: int(env, 'DEPENDENCY_TEMPORAL_TIMEOUT_MS', 5_000, 100, 10_000),
    breaker: {
      volumeThreshold: int(env, 'DEPENDENCY_BREAKER_VOLUME', 5, 1, 1_000),
      errorThresholdPercentage: int(env, 'DEPENDENCY_BREAKER_ERROR_PERCENT', 50, 1, 100),
      rollingWindowMs: int(env, 'DEPENDENCY_BREAKER_WINDOW_MS', 2_000, 100, 600_000),
      resetTimeoutMs,
    },
    retryAfterSeconds: Math.ceil(resetTimeoutMs / 1000),
    workerCodecWaitMs: int(env, 'WORKER_CODEC_WAIT_MS', 120_000, 0, 600_000),
  };
}
