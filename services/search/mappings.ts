import type { InventoryKind } from './index-names';
import { MAX_ROOMS_PER_SEARCH } from './search-input';

const keyword = { type: 'keyword' } as const;
const lowerKeyword = { type: 'keyword', normalizer: 'lowercase_city' } as const;
const cancellation = {
  properties: { free_until_days: { type: 'integer' }, late_deduction_percent: { type: 'integer' } },
} as const;
/** A hotel's published reviews (services/reviews): absent until its first review is published. */
export const RATING_MAPPING = {
  properties: { average: { type: 'float' }, count: { type: 'integer' } },
} as const;
const openFields = Object.fromEntries(
  Array.from({ length: MAX_ROOMS_PER_SEARCH }, (_, i) => [`open_${i + 1}`, keyword]),
);

/**
 * Explicit mappings, `dynamic: strict`: a field the code did not name is refused at indexing,
 * never guessed. Hotel availability is per room type and night: `open_<n>` lists the nights
 * (`YYYY-MM-DD`) with at least n units free, so "n rooms for every night of the stay" is one term
 * per night; `units` keeps the counts (source only, one comma-separated string) for availability
 * updates and for the API to pick each hit's cheapest fitting room (hotel-results.ts).
 * The `open_<n>` lists are indexed but left out of the stored `_source`: they derive from `units`
 * (documents.ts) and were nine tenths of each stored hotel (about 8 KB of 9), which every hit
 * loads at fetch time; an availability update rebuilds them from `units`.
 */
export const MAPPINGS: Record<InventoryKind, Record<string, unknown>> = {
  hotels: {
    dynamic: 'strict',
    _source: { excludes: ['rooms.open_*'] },
    properties: {
      id: keyword,
      supplier: keyword,
      name: { type: 'text', fields: { raw: keyword } },
      city: lowerKeyword,
      country: keyword,
      iata: keyword,
      time_zone: keyword,
      location: { type: 'geo_point' },
      stars: { type: 'integer' },
      amenities: keyword,
      currency: keyword,
      availability_start: { type: 'date', format: 'strict_date' },
      rooms: {
        type: 'nested',
        properties: {
          type: keyword,
          capacity: { type: 'integer' },
          nightly_minor: { type: 'long' },
          units: { type: 'keyword', index: false, doc_values: false },
          ...openFields,
        },
      },
      cancellation,
      rating: RATING_MAPPING,
    },
  },
  flights: {
    dynamic: 'strict',
    properties: {
      id: keyword,
      supplier: keyword,
      carrier: keyword,
      flight_number: keyword,
      origin: keyword,
      destination: keyword,
      departure_at: { type: 'date' },
      departure_date: { type: 'date', format: 'strict_date' },
      departure_tz: keyword,
      arrival_at: { type: 'date' },
      arrival_tz: keyword,
      duration_minutes: { type: 'integer' },
      cabin: keyword,
      fare_minor: { type: 'long' },
      currency: keyword,
      seats_left: { type: 'integer' },
      cancellation,
    },
  },
};

export const SETTINGS = {
  number_of_shards: 1,
  number_of_replicas: 0,
  analysis: { normalizer: { lowercase_city: { type: 'custom', filter: ['lowercase'] } } },
};
