import { QueryTypes, type Transaction } from 'sequelize';
import { auditingServiceDenials } from '../../lib/audit';
import { errors } from '../../lib/errors';
import { assertCan, type Actor } from '../../lib/rbac';
import type { ReviewOrigin, ReviewsDeps } from './deps';
import { refreshHotelRating } from './hotel-rating';
import { auditReviewAct } from './review-audit';
import { REVIEW_REASONS, type ReviewReason } from './review-input';
import { reviewView, type ReviewRow, type ReviewStatus, type ReviewView } from './review-view';

type Decision = { to: 'published' } | { to: 'rejected'; reason: ReviewReason };

/**
 * What a moderator may do from each status: publish a pending review, or keep a published one
 * that was reported (its open reports are dismissed); reject a pending review, or take down a
 * published one (its open reports are upheld). A rejected review stays rejected.
 */
function allowed(from: ReviewStatus, to: Decision['to'], openReports: number): boolean {
  if (to === 'published') return from === 'pending' || (from === 'published' && openReports > 0);
  return from === 'pending' || from === 'published';
}

async function decide(
  deps: ReviewsDeps,
  reviewId: string,
  moderatorId: string,
  decision: Decision,
  transaction: Transaction,
): Promise<{ row: ReviewRow; previous: ReviewStatus; reportsClosed: number }> {
  const [current] = await deps.sequelize.query<ReviewRow & { open_reports: string }>(
    `SELECT r.*,
       (SELECT count(*) FROM review_reports rr WHERE rr.review_id = r.id AND rr.status = 'open') AS open_reports
       FROM reviews r WHERE r.id = $1 FOR UPDATE OF r`,
    { bind: [reviewId], type: QueryTypes.SELECT, transaction },
  );
  if (!current) throw errors.notFound('Review');
  if (!allowed(current.status, decision.to, Number(current.open_reports))) {
    throw errors.conflict('REVIEW_NOT_PENDING', `This review is ${current.status}: nothing to decide`);
  }
  const [row] = await deps.sequelize.query<ReviewRow>(
    `UPDATE reviews r SET status = $2, moderated_by = $3, moderation_reason = $4, moderated_at = now(),
       published_at = CASE WHEN $2 = 'published' THEN coalesce(published_at, now()) ELSE published_at END
     WHERE id = $1 RETURNING r.*`,
    {
      bind: [reviewId, decision.to, moderatorId, decision.to === 'rejected' ? decision.reason : null],
      type: QueryTypes.SELECT,
      transaction,
    },
  );
  const closed = await deps.sequelize.query<{ id: string }>(
    `UPDATE review_reports SET status = $2 WHERE review_id = $1 AND status = 'open' RETURNING id`,
    {
      bind: [reviewId, decision.to === 'published' ? 'dismissed' : 'upheld'],
      type: QueryTypes.SELECT,
      transaction,
    },
  );
  // The average changes only when a review enters or leaves the published set.
  const changesAverage = (current.status === 'published') !== (row!.status === 'published');
  if (row!.hotel_id && changesAverage) await refreshHotelRating(deps, row!.hotel_id, transaction);
  return { row: row!, previous: current.status, reportsClosed: closed.length };
}

async function moderate(
  deps: ReviewsDeps,
  actor: Actor,
  reviewId: string,
  decision: Decision,
  origin: ReviewOrigin,
): Promise<ReviewView> {
  const target = {
    action: decision.to === 'published' ? 'reviews.publish' : 'reviews.reject',
    resource: { type: 'review', id: reviewId },
  };
  const { row, previous, reportsClosed } = await auditingServiceDenials(deps, actor, origin, target, () => {
    assertCan(actor, 'moderate_reviews');
    return deps.sequelize.transaction((transaction) =>
      decide(deps, reviewId, actor.id, decision, transaction),
    );
  });
  await auditReviewAct(deps, actor, origin, {
    type: decision.to === 'published' ? 'review.published' : 'review.rejected',
    outcome: 'success',
    resource: { type: 'review', id: reviewId },
    details: {
      previousStatus: previous,
      reportsClosed,
      ...(decision.to === 'rejected' && { reason: decision.reason }),
    },
  });
  return reviewView(row);
}

/** `POST /api/v1/reviews/:id/publish` (`moderate_reviews`): audited with the moderator (SEC-LOG-03). */
export function publishReview(deps: ReviewsDeps, actor: Actor, reviewId: string, origin: ReviewOrigin) {
  return moderate(deps, actor, reviewId, { to: 'published' }, origin);
}

/** `POST /api/v1/reviews/:id/reject` with a reason code: rejects a pending review or takes down a published one. */
export function rejectReview(
  deps: ReviewsDeps,
  actor: Actor,
  reviewId: string,
  reason: ReviewReason,
  origin: ReviewOrigin,
) {
  if (!(REVIEW_REASONS as readonly string[]).includes(reason)) {
    throw errors.validation(`reason must be one of ${REVIEW_REASONS.join(', ')}`, { field: 'reason' });
  }
  return moderate(deps, actor, reviewId, { to: 'rejected', reason }, origin);
}
