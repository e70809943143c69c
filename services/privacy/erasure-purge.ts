import { QueryTypes } from 'sequelize';
import {
  anonymiseBookingsAndReviews,
  anonymiseUserRow,
  cancelPendingBookings,
  endSessionsAndTokens,
  shredUserKey,
  type ErasureStepDeps,
} from './erasure-steps';

/** Every erasure step in the workflow's order, for one account (each idempotent). */
export async function eraseAccount(deps: ErasureStepDeps, userId: string): Promise<string> {
  await endSessionsAndTokens(deps, userId);
  await cancelPendingBookings(deps, userId);
  await anonymiseBookingsAndReviews(deps, userId);
  await shredUserKey(deps, userId);
  return anonymiseUserRow(deps, userId);
}

/**
 * The `purgeBatch` of the soft-deleted-account retention (SEC-PRIV-03, docs/retention.md): erases
 * up to `size` accounts whose deletion was asked before `cutoff` and is still not done — the
 * safety net behind each account's own erasure workflow, which normally finishes first (a
 * cancelled deletion clears the mark, so it is never due). Answers how many it erased.
 */
export async function eraseOverdueAccounts(
  deps: ErasureStepDeps,
  cutoff: Date,
  size: number,
): Promise<number> {
  const due = await deps.sequelize.query<{ id: string }>(
    `SELECT id FROM users WHERE deletion_requested_at < $1 AND erased_at IS NULL
      ORDER BY deletion_requested_at, id LIMIT $2`,
    { bind: [cutoff, size], type: QueryTypes.SELECT },
  );
  for (const { id } of due) await eraseAccount(deps, id);
  return due.length;
}
