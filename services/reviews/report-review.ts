import { randomUUID } from 'node:crypto';
import { QueryTypes, UniqueConstraintError } from 'sequelize';
import { errors } from '../../lib/errors';
import { assertSignedIn } from '../accounts/actor';
import type { Actor } from '../../lib/rbac';
import type { ReviewOrigin, ReviewsDeps } from './deps';
import { auditReviewAct } from './review-audit';
import { REVIEW_REASONS, type ReviewReason } from './review-input';

export interface ReviewReportView {
  reportId: string;
  reviewId: string;
  reason: ReviewReason;
  status: 'open';
}

/**
 * `POST /api/v1/reviews/:id/reports`: anyone signed in reports a published review for abuse, with
 * a reason code; the report waits in the moderation queue. One report per user per review (a
 * unique constraint): a second is 409. A review that is not published is not found.
 */
export async function reportReview(
  deps: ReviewsDeps,
  actor: Actor,
  reviewId: string,
  reason: ReviewReason,
  origin: ReviewOrigin,
): Promise<ReviewReportView> {
  assertSignedIn(actor);
  if (!(REVIEW_REASONS as readonly string[]).includes(reason)) {
    throw errors.validation(`reason must be one of ${REVIEW_REASONS.join(', ')}`, { field: 'reason' });
  }
  const reportId = randomUUID();
  try {
    const inserted = await deps.sequelize.query<{ id: string }>(
      `INSERT INTO review_reports (id, review_id, reporter_id, reason)
       SELECT $1, r.id, $3, $4 FROM reviews r WHERE r.id = $2 AND r.status = 'published'
       RETURNING id`,
      { bind: [reportId, reviewId, actor.id, reason], type: QueryTypes.SELECT },
    );
    if (inserted.length === 0) throw errors.notFound('Review');
  } catch (err) {
    if (!(err instanceof UniqueConstraintError)) throw err;
    throw errors.conflict('REVIEW_ALREADY_REPORTED', 'You reported this review already');
  }
  await auditReviewAct(deps, actor, origin, {
    type: 'review.reported',
    outcome: 'success',
    resource: { type: 'review', id: reviewId },
    details: { reason },
  });
  return { reportId, reviewId, reason, status: 'open' };
}
