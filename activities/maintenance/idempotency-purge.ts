import type { Sequelize } from 'sequelize';
// Purging needs only the durable records: Redis entries expire on their own (PX), so the
// maintenance worker holds no Redis client for this.
import { postgresRecords } from '../../lib/idempotency/postgres-records';
import { purgeInBatches } from './batched-purge';
import { clockOf, type RetentionStepInput, type RetentionStepResult } from './retention-step';

export interface IdempotencyPurgeDeps {
  /** The app role (DML on idempotency_records). */
  sequelize: Sequelize;
  /** Rows deleted per statement: short statements and short row locks. */
  batchSize?: number;
  /** Batches per run at most; what is left waits for the next run. */
  maxBatches?: number;
}

export type IdempotencyPurgeResult = RetentionStepResult;

/**
 * `purgeExpiredIdempotencyRecords` (SEC-PRIV-03): deletes idempotency records expired at the run's
 * clock (completed answers 24 h after completion, abandoned locks after their lock TTL), batch
 * by batch, heartbeating the running total after each batch so a cancellation is seen between
 * batches and a retry reports the total. Idempotent: it deletes only what has expired, and a
 * repeat finds nothing left. Live records are never touched.
 */
export function createIdempotencyPurgeActivities({
  sequelize,
  batchSize = 1000,
  maxBatches = 1000,
}: IdempotencyPurgeDeps) {
  const records = postgresRecords(sequelize);
  return {
    async purgeExpiredIdempotencyRecords(input: RetentionStepInput): Promise<IdempotencyPurgeResult> {
      const cutoff = clockOf(input);
      const result = await purgeInBatches((size) => records.purgeExpired(size, cutoff), {
        batchSize,
        maxBatches,
      });
      return { ...result, cutoff: cutoff.toISOString() };
    },
  };
}

export type IdempotencyPurgeActivities = ReturnType<typeof createIdempotencyPurgeActivities>;
