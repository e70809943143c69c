import { QueryTypes } from 'sequelize';
import { auditingServiceDenials } from '../../lib/audit';
import { assertCan, type Actor } from '../../lib/rbac';
import { REVIEW_REASONS, type ReviewReason } from './review-input';
import type { ReviewOrigin, ReviewsDeps } from './deps';
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
 * decision, or published reviews with open abuse reports; oldest first, at most 100. A caller
 * without the permission is refused and audited (SEC-LOG-03).
 */
export function moderationQueue(
  deps: ReviewsDeps,
  actor: Actor,
  queue: ModerationQueue,
  origin: ReviewOrigin,
): Promise<QueuedReview[]> {
  return auditingServiceDenials(deps, actor, origin, { action: 'reviews.moderation_queue' }, () => {
    assertCan(actor, 'moderate_reviews');
    return queuedReviews(deps, queue);
  });
}

async function queuedReviews(deps: ReviewsDeps, queue: ModerationQueue): Promise<QueuedReview[]> {
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
