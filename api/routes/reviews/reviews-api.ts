import { errors } from '../../../lib/errors';
import type { ReviewsDeps } from '../../../services/reviews';
import type { createRateLimit } from '../../middleware/rate-limit';
import type { AppMiddleware } from '../../state';

/** What the review routes are built from: the review services, the named limits, idempotency. */
export interface ReviewsApi {
  reviews: ReviewsDeps;
  rateLimit: ReturnType<typeof createRateLimit>;
  /** SEC-IDEM-01's middleware over the process's idempotency store. */
  idempotency: AppMiddleware;
}

/** Apps built without reviews (some tests) still list the routes; using one answers 503. */
export function needReviews(api: ReviewsApi | undefined): ReviewsApi {
  if (!api) throw errors.unavailable();
  return api;
}
