import type { RetentionConfig } from '../../lib/config/retention';
import { purgeInBatches, type BatchedPurgeLimits } from './batched-purge';
import { before, clockOf, type RetentionStepInput, type RetentionStepResult } from './retention-step';

export interface SoftDeletedAccountPurgeDeps extends Partial<BatchedPurgeLimits> {
  retention: Pick<RetentionConfig, 'softDeletedAccountDays'>;
  /**
   * Purges at most `size` accounts whose deletion was asked before `cutoff`; answers how many.
   * The platform has no soft deletion yet (no account carries a deletion mark): erasure (SEC-PRIV-02,
   * issue 19.2) brings the mark and this step. Until then nothing is due and nothing is purged.
   */
  purgeBatch?: (cutoff: Date, size: number) => Promise<number>;
}

const NOTHING_SOFT_DELETED = () => Promise.resolve(0);

/**
 * SEC-PRIV-03 "soft-deleted accounts 30 days": `purgeSoftDeletedAccounts` purges accounts whose
 * deletion was asked more than the retention ago, batch by batch with heartbeats. Today it finds
 * none (see `purgeBatch`), but the schedule runs and audits its empty result, so the row is
 * visible to operators and erasure only has to supply the batch.
 */
export function createSoftDeletedAccountPurgeActivities({
  retention,
  purgeBatch = NOTHING_SOFT_DELETED,
  batchSize = 100,
  maxBatches = 1000,
}: SoftDeletedAccountPurgeDeps) {
  return {
    async purgeSoftDeletedAccounts(input: RetentionStepInput): Promise<RetentionStepResult> {
      const cutoff = before(clockOf(input), { days: retention.softDeletedAccountDays });
      const result = await purgeInBatches((size) => purgeBatch(cutoff, size), { batchSize, maxBatches });
      return { ...result, cutoff: cutoff.toISOString() };
    },
  };
}

export type SoftDeletedAccountPurgeActivities = ReturnType<typeof createSoftDeletedAccountPurgeActivities>;
