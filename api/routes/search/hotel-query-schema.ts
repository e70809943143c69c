import * as yup from 'yup';
import { MAX_ROOMS_PER_SEARCH } from '../../../services/search';
import { cursor, date, decimal, pattern, wholeNumber } from './query-fields';

export const HOTEL_SORTS = ['price', 'stars', 'distance', 'relevance'] as const;

/** GET /api/v1/search/hotels query: every field a string of a known shape, nothing else. */
export const hotelQuerySchema = yup.object({
  city: pattern(/^[\p{L}\p{M} .'-]{1,100}$/u, 'must be a city name').description('City name, e.g. Lisbon'),
  lat: decimal.description('Latitude of the centre (with lon and radius_km)'),
  lon: decimal.description('Longitude of the centre'),
  radius_km: wholeNumber.description('Radius around lat/lon in km, 1-500'),
  check_in: date.required().description('First night, YYYY-MM-DD, today or later'),
  check_out: date.required().description('Morning after the last night; 1-30 nights after check_in'),
  guests: wholeNumber.description('Guests in total, default 1'),
  rooms: wholeNumber.description(`Rooms of the same type, 1-${MAX_ROOMS_PER_SEARCH}, default 1`),
  min_price: wholeNumber.description('Lowest nightly price per room, minor units of the hotel currency'),
  max_price: wholeNumber.description('Highest nightly price per room, minor units'),
  currency: pattern(/^[A-Z]{3}$/, 'must be an ISO 4217 code').description('Only hotels priced in it'),
  stars: pattern(/^[1-5](,[1-5]){0,4}$/, 'must be star counts 1-5, comma separated').description('e.g. 4,5'),
  amenities: pattern(
    /^[a-z_]{1,40}(,[a-z_]{1,40}){0,9}$/,
    'must be amenity codes, comma separated',
  ).description('All of them, e.g. pool,spa'),
  q: yup.string().strict().max(100).description('Words of the hotel name, matched as plain text'),
  sort: yup.string().strict().oneOf(HOTEL_SORTS).description('Default relevance with q, else price'),
  limit: wholeNumber.description('Page size, default 20, at most the configured maximum (50)'),
  price_interval: wholeNumber.description('Price histogram bucket width in minor units, default 5000'),
  cursor: cursor.description('next_cursor of the previous page'),
});

export type HotelQuery = yup.InferType<typeof hotelQuerySchema>;
