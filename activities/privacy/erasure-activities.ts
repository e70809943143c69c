import { ApplicationFailure } from '@temporalio/common';
import {
  anonymiseBookingsAndReviews,
  anonymiseUserRow,
  cancelPendingBookings,
  endSessionsAndTokens,
  shredUserKey,
  type ErasureStepDeps,
} from '../../services/privacy/erasure-steps';
import { eraseOverdueAccounts } from '../../services/privacy/erasure-purge';
import type { RetentionConfig } from '../../lib/config/retention';
import { heartbeatWhile } from '../maintenance/heartbeat-while';
import { createSoftDeletedAccountPurgeActivities } from '../maintenance/soft-deleted-account-purge';

export type { ErasureStepDeps } from '../../services/privacy/erasure-steps';

/**
 * The steps of accountErasureWorkflow (SEC-PRIV-02), on the maintenance pool. Each heartbeats
 * while it runs, so a worker killed mid-step is noticed within the heartbeat timeout. A worker
 * built without the erasure's clients fails the step (retryably): a configured one takes it.
 */
export function createErasureActivities(deps: ErasureStepDeps | undefined) {
  const run = <T>(step: (d: ErasureStepDeps, userId: string) => Promise<T>) => {
    return (userId: string): Promise<T> => {
      if (!deps)
        throw ApplicationFailure.retryable('this worker has no erasure clients', 'ErasureUnavailable');
      return heartbeatWhile(() => step(deps, userId), 2_000);
    };
  };
  return {
    erasureEndSessions: run(endSessionsAndTokens),
    erasureCancelBookings: run(cancelPendingBookings),
    erasureAnonymiseRecords: run(anonymiseBookingsAndReviews),
    erasureShredKey: run(shredUserKey),
    erasureAnonymiseAccount: run(anonymiseUserRow),
  };
}

export type ErasureActivities = ReturnType<typeof createErasureActivities>;

/** The soft-deleted-account retention step with erasure as its batch (docs/retention.md). */
export function overdueErasurePurge(deps: ErasureStepDeps, { retention }: { retention: RetentionConfig }) {
  return createSoftDeletedAccountPurgeActivities({
    retention,
    batchSize: 10,
    purgeBatch: (cutoff, size) => eraseOverdueAccounts(deps, cutoff, size),
  });
}
