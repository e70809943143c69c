import { QueryTypes } from 'sequelize';
import { errors } from '../../lib/errors';
import type { Actor } from '../../lib/rbac';
import type { ReviewsDeps } from './deps';
import { assertSignedIn } from '../accounts/actor';

export interface HelpfulView {
  reviewId: string;
  helpfulCount: number;
}

/**
 * `PUT /api/v1/reviews/:id/helpful`: a signed-in user marks a published review helpful, once (the
 * vote's primary key); a repeat changes nothing and answers the same. Not one's own review.
 */
export async function markHelpful(deps: ReviewsDeps, actor: Actor, reviewId: string): Promise<HelpfulView> {
  assertSignedIn(actor);
  return deps.sequelize.transaction(async (transaction) => {
    const [review] = await deps.sequelize.query<{ user_id: string; helpful_count: number }>(
      `SELECT user_id, helpful_count FROM reviews WHERE id = $1 AND status = 'published' FOR UPDATE`,
      { bind: [reviewId], type: QueryTypes.SELECT, transaction },
    );
    if (!review) throw errors.notFound('Review');
    if (review.user_id === actor.id)
      throw errors.conflict('OWN_REVIEW', 'Your own review cannot be voted helpful');
    const voted = await deps.sequelize.query<{ review_id: string }>(
      `INSERT INTO review_helpful_votes (review_id, user_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING review_id`,
      { bind: [reviewId, actor.id], type: QueryTypes.SELECT, transaction },
    );
    if (voted.length === 0) return { reviewId, helpfulCount: Number(review.helpful_count) };
    const [after] = await deps.sequelize.query<{ helpful_count: number }>(
      'UPDATE reviews SET helpful_count = helpful_count + 1 WHERE id = $1 RETURNING helpful_count',
      { bind: [reviewId], type: QueryTypes.SELECT, transaction },
    );
    return { reviewId, helpfulCount: Number(after!.helpful_count) };
  });
}
