import { QueryTypes, type Transaction } from 'sequelize';
import { errors } from '../../lib/errors';
import { writeHotelRating, type RatingDocument } from '../search';
import type { ReviewsDeps } from './deps';

/**
 * Recomputes a hotel's rating from its published reviews and writes it into the hotel's search
 * document, inside the moderation's transaction: under a per-hotel advisory lock, so two
 * moderations of one hotel write in turn and the later one writes the later figures; before the
 * commit, so a search document that cannot be written (OpenSearch down) rolls the moderation back
 * (503, the moderator tries again) instead of leaving the average wrong.
 */
export async function refreshHotelRating(
  deps: ReviewsDeps,
  hotelId: string,
  transaction: Transaction,
): Promise<RatingDocument> {
  await deps.sequelize.query("SELECT pg_advisory_xact_lock(hashtext('review-rating:' || $1))", {
    bind: [hotelId],
    transaction,
  });
  const [figures] = await deps.sequelize.query<{ average: string | null; count: string }>(
    `SELECT avg(overall)::numeric(4, 2)::text AS average, count(*)::text AS count
       FROM reviews WHERE hotel_id = $1 AND status = 'published'`,
    { bind: [hotelId], type: QueryTypes.SELECT, transaction },
  );
  const rating = { average: Number(figures?.average ?? 0), count: Number(figures?.count ?? 0) };
  try {
    await writeHotelRating(deps.search, hotelId, rating);
  } catch {
    throw errors.unavailable('Search is unavailable: the review was not moderated; try again');
  }
  return rating;
}
