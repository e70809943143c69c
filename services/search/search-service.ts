import type { Client } from '@opensearch-project/opensearch';
import type { Redis } from 'ioredis';
import type { Config } from '../../lib/config';
import { errors } from '../../lib/errors';
import { cacheKey, redisSearchCache } from './cache';
import { flightLegQuery, flightLegs } from './flight-query';
import { flightLegResults, type FlightResults } from './flight-results';
import { hotelQuery } from './hotel-query';
import { hotelResults, type HotelResults } from './hotel-results';
import { aliasName, type InventoryKind } from './index-names';
import type { FlightSearch, HotelSearch } from './search-input';

export interface SearchServiceDeps {
  opensearch: Client;
  redis: Redis;
  search: Config['search'];
}

/** The answer as JSON bytes: a cache hit is sent as stored, never parsed and serialised again. */
export interface SearchAnswer<T> {
  cached: boolean;
  json: Buffer;
  /** For callers that read the answer (tests); the route sends `json`. */
  results(): T;
}

export interface SearchService {
  hotels(search: HotelSearch): Promise<SearchAnswer<HotelResults>>;
  flights(search: FlightSearch): Promise<SearchAnswer<FlightResults>>;
}

type Body = Record<string, never>;

/**
 * Hotel and flight search over the indexed inventory (reads through the aliases). Search is
 * public by design (anonymous allowed): there is no permission to check, and no actor is
 * needed beyond the route's rate limit. Answers are cached for a short TTL under the
 * normalised search and the index version; OpenSearch down is a 503, never a 500.
 */
export function createSearchService({
  opensearch,
  redis,
  search: options,
}: SearchServiceDeps): SearchService {
  const prefix = options.indexPrefix;
  const cache = redisSearchCache(redis, prefix, options.cacheTtlSeconds);

  async function cachedAnswer<T>(
    kind: InventoryKind,
    search: object,
    compute: () => Promise<T>,
  ): Promise<SearchAnswer<T>> {
    const answer = (cached: boolean, json: Buffer) => ({
      cached,
      json,
      results: () => JSON.parse(json.toString('utf8')) as T,
    });
    const key = cacheKey(prefix, kind, search);
    // Redis down (version null): no cache this time, but the search still answers.
    const { version, hit } = await cache.lookup(kind, key);
    if (hit !== null) return answer(true, hit);
    const json = Buffer.from(JSON.stringify(await compute()), 'utf8');
    if (version !== null) await cache.store(key, version, json);
    return answer(false, json);
  }

  async function query(kind: InventoryKind, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    try {
      const answer = await opensearch.search({ index: aliasName(prefix, kind), body: body as Body });
      return answer.body as unknown as Record<string, unknown>;
    } catch {
      throw errors.unavailable('Search is temporarily unavailable');
    }
  }

  return {
    hotels(search) {
      return cachedAnswer('hotels', search, async () =>
        hotelResults(search, await query('hotels', hotelQuery(search))),
      );
    },
    flights(search) {
      return cachedAnswer('flights', search, async () => {
        const legs = flightLegs(search);
        const [outbound, inbound] = await Promise.all([
          query('flights', flightLegQuery(search, legs.outbound)),
          legs.inbound ? query('flights', flightLegQuery(search, legs.inbound)) : null,
        ]);
        return {
          passengers: search.passengers,
          outbound: flightLegResults(search, outbound),
          return: inbound ? flightLegResults(search, inbound) : null,
        };
      });
    },
  };
}
