import { QueryTypes } from 'sequelize';
import { assertCan, type Actor } from '../../lib/rbac';
import { REVIEW_REASONS, type ReviewReason } from './review-input';
import type { ReviewsDeps } from './deps';
import { reviewView, type ReviewRow, type ReviewView } from './review-view';

export const MODERATION_QUEUES = ['pending', 'reported'] as const;
export type ModerationQueue = (typeof MODERATION_QUEUES)[number];

export interface QueuedReview extends ReviewView {
  /** Open abuse reports by reason code (0 for each reason nobody gave). */
  openReports: Record<ReviewReason, number>;
}

// Two fixed conditions, chosen in the statement (SEC-VAL-05: no SQL built from a variable).
const PENDING = "r.status = 'pending'";
const REPORTED =
  "r.status = 'published' AND EXISTS (SELECT 1 FROM review_reports q WHERE q.review_id = r.id AND q.status = 'open')";

/**
 * `GET /api/v1/reviews/moderation?queue=…` (`moderate_reviews`): reviews waiting for a first
 * decision, or published reviews with open abuse reports; oldest first, at most 100.
 */
export async function moderationQueue(
  deps: ReviewsDeps,
  actor: Actor,
  queue: ModerationQueue,
): Promise<QueuedReview[]> {
  assertCan(actor, 'moderate_reviews');
  const rows = await deps.sequelize.query<ReviewRow & { open_reports: Record<string, number> | null }>(
    `SELECT r.*,
       (SELECT jsonb_object_agg(reason, n) FROM (SELECT reason, count(*)::int AS n FROM review_reports q
          WHERE q.review_id = r.id AND q.status = 'open' GROUP BY reason) s) AS open_reports
       FROM reviews r WHERE ${queue === 'reported' ? REPORTED : PENDING} ORDER BY r.created_at, r.id LIMIT 100`,
    { type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    ...reviewView(r),
    openReports: Object.fromEntries(
      REVIEW_REASONS.map((reason) => [reason, r.open_reports?.[reason] ?? 0]),
    ) as Record<ReviewReason, number>,
  }));
}
