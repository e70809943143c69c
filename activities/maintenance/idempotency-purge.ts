import { activityInfo, cancellationSignal, heartbeat } from '@temporalio/activity';
import type { Sequelize } from 'sequelize';
// Purging needs only the durable records: Redis entries expire on their own (PX), so the
// maintenance worker holds no Redis client for this.
import { postgresRecords } from '../../lib/idempotency/postgres-records';

export interface IdempotencyPurgeDeps {
  /** The app role (DML on idempotency_records). */
  sequelize: Sequelize;
  /** Rows deleted per statement: short statements and short row locks. */
  batchSize?: number;
  /** Batches per run at most; what is left waits for the next run. */
  maxBatches?: number;
}

export interface IdempotencyPurgeResult {
  purged: number;
  batches: number;
  /** True when the run stopped at maxBatches with expired rows possibly left. */
  more: boolean;
}

/**
 * `purgeExpiredIdempotencyRecords` (SEC-PRIV-03): deletes idempotency records past their
 * expiry (completed answers 24 h after completion, abandoned locks after their lock TTL), batch
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
    async purgeExpiredIdempotencyRecords(): Promise<IdempotencyPurgeResult> {
      const signal = cancellationSignal();
      const resumed = activityInfo().heartbeatDetails as Partial<IdempotencyPurgeResult> | undefined;
      let purged = resumed?.purged ?? 0;
      let batches = resumed?.batches ?? 0;
      for (let run = 0; run < maxBatches; run += 1) {
        signal.throwIfAborted();
        const deleted = await records.purgeExpired(batchSize);
        purged += deleted;
        batches += 1;
        heartbeat({ purged, batches });
        if (deleted < batchSize) return { purged, batches, more: false };
      }
      return { purged, batches, more: true };
    },
  };
}

export type IdempotencyPurgeActivities = ReturnType<typeof createIdempotencyPurgeActivities>;
