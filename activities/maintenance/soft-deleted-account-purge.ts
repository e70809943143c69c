import type { RetentionConfig } from '../../lib/config/retention';
import { purgeInBatches, type BatchedPurgeLimits } from './batched-purge';
import { before, clockOf, type RetentionStepInput, type RetentionStepResult } from './retention-step';

export interface SoftDeletedAccountPurgeDeps extends Partial<BatchedPurgeLimits> {
  retention: Pick<RetentionConfig, 'softDeletedAccountDays'>;
  /**
   * Purges at most `size` accounts whose deletion was asked before `cutoff`; answers how many.
   * The only soft deletion is that mark (`users.deletion_requested_at`, set by
   * `DELETE /api/v1/users/me`): the maintenance worker plugs in erasure
   * (activities/privacy/erasure-activities.ts `overdueErasurePurge`). Without it nothing is purged.
   */
  purgeBatch?: (cutoff: Date, size: number) => Promise<number>;
}

const NOTHING_SOFT_DELETED = () => Promise.resolve(0);

/**
 * SEC-PRIV-03 "soft-deleted accounts 30 days": `purgeSoftDeletedAccounts` purges accounts whose
 * deletion was asked more than the retention ago, batch by batch with heartbeats: the safety net
 * behind each account's own erasure workflow (docs/retention.md), audited like every run.
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
