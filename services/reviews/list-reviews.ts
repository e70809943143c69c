import { QueryTypes } from 'sequelize';
import type { ReviewsDeps } from './deps';
import type { HotelCategory } from './review-input';
import { ANONYMOUS_REVIEWER, reviewerNames } from './reviewer-names';
import { categoriesOf, type ReviewRow } from './review-view';

export const REVIEW_SORTS = ['newest', 'helpful'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];
export const MAX_REVIEW_PAGE = 100;
export const MAX_REVIEW_PAGE_SIZE = 50;

/** A published review as anyone may read it: the reviewer by first name and initial only. */
export interface PublicReview {
  id: string;
  overall: number;
  categories: Record<HotelCategory, number> | null;
  title: string;
  text: string;
  reviewer: string;
  helpfulCount: number;
  publishedAt: string;
}

export interface PublicReviewPage {
  summary: { average: number | null; count: number };
  reviews: PublicReview[];
  page: number;
  limit: number;
}

export type ReviewedThing = { hotelId: string } | { origin: string; destination: string };

const HOTEL_PUBLISHED = "r.hotel_id = $1 AND r.status = 'published'";
const ROUTE_PUBLISHED = "r.origin = $1 AND r.destination = $2 AND r.status = 'published'";

const NEWEST = 'r.published_at DESC, r.id';
const MOST_HELPFUL = 'r.helpful_count DESC, r.published_at DESC, r.id';

/**
 * `GET /api/v1/hotels/:hotelId/reviews` and `GET /api/v1/flight-routes/:origin/:destination/reviews`
 * (public): published reviews of a hotel or a route, newest or most helpful first, a page at a time
 * (pages are bounded, so a deep page costs no more than the last allowed one), with the average.
 */
export async function listReviews(
  deps: Pick<ReviewsDeps, 'sequelize'>,
  about: ReviewedThing,
  options: { sort: ReviewSort; page: number; limit: number },
): Promise<PublicReviewPage> {
  const hotel = 'hotelId' in about;
  const bind = hotel ? [about.hotelId] : [about.origin, about.destination];
  const rows = await deps.sequelize.query<ReviewRow>(
    `SELECT r.* FROM reviews r WHERE ${hotel ? HOTEL_PUBLISHED : ROUTE_PUBLISHED}
     ORDER BY ${options.sort === 'helpful' ? MOST_HELPFUL : NEWEST} ${hotel ? 'LIMIT $2 OFFSET $3' : 'LIMIT $3 OFFSET $4'}`,
    { bind: [...bind, options.limit, (options.page - 1) * options.limit], type: QueryTypes.SELECT },
  );
  const [figures] = await deps.sequelize.query<{ average: string | null; count: string }>(
    `SELECT avg(r.overall)::numeric(4, 2)::text AS average, count(*)::text AS count FROM reviews r
      WHERE ${hotel ? HOTEL_PUBLISHED : ROUTE_PUBLISHED}`,
    { bind, type: QueryTypes.SELECT },
  );
  const names = await reviewerNames(
    deps.sequelize,
    rows.map((r) => r.user_id),
  );
  const count = Number(figures?.count ?? 0);
  return {
    summary: { average: count > 0 ? Number(figures?.average) : null, count },
    reviews: rows.map((r) => ({
      id: r.id,
      overall: Number(r.overall),
      categories: categoriesOf(r),
      title: r.title,
      text: r.body,
      reviewer: names.get(r.user_id) ?? ANONYMOUS_REVIEWER,
      helpfulCount: Number(r.helpful_count),
      publishedAt: new Date(r.published_at!).toISOString(),
    })),
    page: options.page,
    limit: options.limit,
  };
}
