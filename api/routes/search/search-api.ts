import type { SearchService } from '../../../services/search';
import { errors } from '../../../lib/errors';
import type { createRateLimit } from '../../middleware/rate-limit';

/** What the search routes are built from: the service and the named rate limits. */
export interface SearchApi {
  service: SearchService;
  rateLimit: ReturnType<typeof createRateLimit>;
}

/** Apps built without search (most tests) still list the routes; using one answers 503. */
export function needSearch(api: SearchApi | undefined): SearchApi {
  if (!api) throw errors.unavailable();
  return api;
}
