import { toFlightSearch, toHotelSearch, type SearchAnswer } from '../../../services/search';
import { byUserOrIp } from '../../middleware/rate-limit';
import { answer, defineRoute, type RouteDeclaration } from '../../routing';
import type { AppContext, AppMiddleware } from '../../state';
import type { RouteDeps } from '../deps';
import { FLIGHT_EXAMPLE, flightResultsSchema, HOTEL_EXAMPLE, hotelResultsSchema } from './answer-schemas';
import { flightQuerySchema, hotelQuerySchema } from './query-schemas';
import { needSearch } from './search-api';

/** The answer's JSON bytes as computed or cached, and whether they came from the cache. */
function send(ctx: AppContext, answered: SearchAnswer<unknown>): void {
  ctx.set('X-Search-Cache', answered.cached ? 'hit' : 'miss');
  ctx.type = 'application/json';
  ctx.body = answered.json;
}

/**
 * Hotel and flight search over the indexed inventory: anonymous allowed, 100 / min per user
 * (per IP when anonymous, SEC-RATE-01); the answer says whether it came from the cache.
 */
export function searchRoutes(deps: Pick<RouteDeps, 'search' | 'config'>): RouteDeclaration[] {
  const limit: AppMiddleware[] = deps.search
    ? [deps.search.rateLimit('search', byUserOrIp) as AppMiddleware]
    : [];
  const options = deps.config.search;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/search/hotels',
      summary: 'Hotels with a fitting room free for the whole stay, priced for it, with facets',
      tag: 'search',
      permission: 'public',
      query: hotelQuerySchema,
      middleware: limit,
      responses: {
        200: answer.json(
          'Matching hotels, one page, with facets over all matches.',
          hotelResultsSchema,
          HOTEL_EXAMPLE,
        ),
      },
      async handler(ctx) {
        const { service } = needSearch(deps.search);
        send(ctx, await service.hotels(toHotelSearch(ctx.state.input.query, options)));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/search/flights',
      summary: 'Flights for a day (and return options for a return day)',
      tag: 'search',
      permission: 'public',
      query: flightQuerySchema,
      middleware: limit,
      responses: {
        200: answer.json(
          'Outbound options and, with return_date, return options.',
          flightResultsSchema,
          FLIGHT_EXAMPLE,
        ),
      },
      async handler(ctx) {
        const { service } = needSearch(deps.search);
        send(ctx, await service.flights(toFlightSearch(ctx.state.input.query, options)));
      },
    }),
  ] as RouteDeclaration[];
}
