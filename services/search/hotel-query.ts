import { decodeCursor, type SortValue } from './cursor';
import { addDays, daysBetween } from '../../lib/dates/calendar-days';
import type { HotelSearch } from './search-input';

type Clause = Record<string, unknown>;

/** The nights of a stay: check-in up to the night before check-out. */
export function stayNights(search: Pick<HotelSearch, 'checkIn' | 'checkOut'>): string[] {
  const count = daysBetween(search.checkIn, search.checkOut);
  return Array.from({ length: count }, (_, i) => addDays(search.checkIn, i));
}

/**
 * A room type that fits the stay: every night has `rooms` units free, and `rooms` rooms of it
 * hold the guests; in the price range per night when one is given.
 */
export function roomFilter(search: HotelSearch): Clause {
  const perRoom = Math.ceil(search.guests / search.rooms);
  const filter: Clause[] = [
    { range: { 'rooms.capacity': { gte: perRoom } } },
    ...stayNights(search).map((night) => ({ term: { [`rooms.open_${search.rooms}`]: night } })),
  ];
  if (search.minPrice !== undefined || search.maxPrice !== undefined) {
    filter.push({ range: { 'rooms.nightly_minor': { gte: search.minPrice, lte: search.maxPrice } } });
  }
  return { bool: { filter } };
}

function sortOf(search: HotelSearch, rooms: Clause): Clause[] {
  const tiebreak = { id: 'asc' };
  switch (search.sort) {
    case 'price':
      return [
        {
          'rooms.nightly_minor': {
            order: 'asc',
            mode: 'min',
            nested: { path: 'rooms', filter: rooms },
          },
        },
        tiebreak,
      ];
    case 'stars':
      return [{ stars: 'desc' }, tiebreak];
    case 'distance':
      return [
        {
          _geo_distance: {
            location: { lat: search.near?.lat, lon: search.near?.lon },
            order: 'asc',
            unit: 'km',
            distance_type: 'arc',
          },
        },
        tiebreak,
      ];
    case 'relevance':
      return [{ _score: 'desc' }, tiebreak];
    case 'rating':
      // Unrated hotels (no field: no published review, or indexed before reviews) sort last as 0;
      // `unmapped_type` keeps an index built before the field existed searchable.
      return [
        { 'rating.average': { order: 'desc', missing: 0, unmapped_type: 'float' } },
        { 'rating.count': { order: 'desc', missing: 0, unmapped_type: 'integer' } },
        tiebreak,
      ];
  }
}

/**
 * The OpenSearch body of a hotel search, built only from validated fields with the query DSL
 * (term, match, range, geo, nested): user text goes to a `match` query, never `query_string`,
 * so Lucene syntax in it is plain text (SEC-VAL-06).
 */
export function hotelQuery(search: HotelSearch): Clause {
  // No inner hits: the cheapest fitting room is picked from each hit's rooms (hotel-results.ts);
  // as an inner hit it was one more nested search and source load per hit (~1 ms a search).
  // Built once: the query, the price sort and the price facet use the same room filter.
  const rooms = roomFilter(search);
  const filter: Clause[] = [{ nested: { path: 'rooms', query: rooms } }];
  if (search.city) filter.push({ term: { city: search.city } });
  if (search.near) {
    const { lat, lon, radiusKm } = search.near;
    filter.push({ geo_distance: { distance: `${radiusKm}km`, location: { lat, lon } } });
  }
  if (search.currency) filter.push({ term: { currency: search.currency } });
  if (search.stars?.length) filter.push({ terms: { stars: search.stars } });
  for (const amenity of search.amenities ?? []) filter.push({ term: { amenities: amenity } });
  if (search.minRating !== undefined) filter.push({ range: { 'rating.average': { gte: search.minRating } } });
  const must: Clause[] = search.text
    ? [{ match: { name: { query: search.text, operator: 'and', zero_terms_query: 'none' } } }]
    : [];
  const sort = sortOf(search, rooms);
  const after: SortValue[] | undefined = search.cursor
    ? decodeCursor(search.cursor, search.sort, sort.length)
    : undefined;
  return {
    size: search.limit,
    track_total_hits: true,
    query: { bool: { filter, must } },
    sort,
    ...(after ? { search_after: after } : {}),
    // The whole stored source (which is small: the night lists are not in it, mappings.ts):
    // OpenSearch copies it as stored, where a field list made it parse, filter and write
    // each hit's source again (~20% of a search's CPU); the answer is built field by field.
    _source: true,
    aggs: {
      stars: { terms: { field: 'stars', size: 5, order: { _key: 'asc' } } },
      amenities: { terms: { field: 'amenities', size: 30, order: { _key: 'asc' } } },
      rooms: {
        nested: { path: 'rooms' },
        aggs: {
          fitting: {
            filter: rooms,
            aggs: {
              price: {
                histogram: { field: 'rooms.nightly_minor', interval: search.priceInterval, min_doc_count: 1 },
                aggs: { hotels: { reverse_nested: {} } },
              },
            },
          },
        },
      },
    },
  };
}
