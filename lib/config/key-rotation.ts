import { int } from './env-values';

/**
 * SEC-DATA-02: how the key-rotation workflow (workflows/keys) re-encrypts old rows. SECURITY.md
 * sets no figure; the defaults keep each statement and row lock short (a batch), each activity
 * a few minutes at most, and each workflow run's history far below Temporal's limits.
 */
export interface KeyRotationConfig {
  /** Rows re-encrypted per transaction. */
  batchSize: number;
  /** Batches per activity call; progress is heartbeated after each. */
  batchesPerActivity: number;
  /** Activity calls per workflow run before it continues as new (bounds the history). */
  activitiesPerRun: number;
}

export function keyRotationConfig(env: NodeJS.ProcessEnv): KeyRotationConfig {
  return {
    batchSize: int(env, 'KEY_ROTATION_BATCH_SIZE', 500, 1, 10_000),
    batchesPerActivity: int(env, 'KEY_ROTATION_BATCHES_PER_ACTIVITY', 100, 1, 10_000),
    activitiesPerRun: int(env, 'KEY_ROTATION_ACTIVITIES_PER_RUN', 50, 1, 500),
  };
}
