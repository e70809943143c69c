import * as yup from 'yup';
import {
  CABINS,
  DEFAULT_PAGE_SIZE,
  DEFAULT_PRICE_INTERVAL,
  FLIGHT_SORTS,
  HOTEL_SORTS,
  MAX_PASSENGERS,
  MAX_RADIUS_KM,
  MAX_ROOMS_PER_SEARCH,
  MAX_TEXT_LENGTH,
  SHAPES,
  type FlightQuery,
  type HotelQuery,
  type Shape,
} from '../../../services/search';
import { MAX_NIGHTS } from '../../../services/bookings/stay-length';

/*
 * The search routes' query: every field a string of a known shape, nothing else. The shapes,
 * lists and bounds are the search's own (services/search/search-input.ts); the rules between
 * fields and against the clock run in the handler (toHotelSearch, toFlightSearch), as a query
 * schema must be a pure string check (RouteDeclaration.query).
 */
const shaped = ({ pattern, message }: Shape) => yup.string().strict().matches(pattern, message);
const date = shaped(SHAPES.date).jsonSchema((json) => ({ ...json, format: 'date' }));
const wholeNumber = shaped(SHAPES.wholeNumber);
const cursor = shaped(SHAPES.cursor);

/** GET /api/v1/search/hotels query. */
export const hotelQuerySchema: yup.ObjectSchema<HotelQuery> = yup.object({
  city: shaped(SHAPES.city).description('City name, e.g. Lisbon'),
  lat: shaped(SHAPES.decimal).description('Latitude of the centre (with lon and radius_km)'),
  lon: shaped(SHAPES.decimal).description('Longitude of the centre'),
  radius_km: wholeNumber.description(`Radius around lat/lon in km, 1-${MAX_RADIUS_KM}`),
  check_in: date.required().description('First night, YYYY-MM-DD, today or later'),
  check_out: date
    .required()
    .description(`Morning after the last night; 1-${MAX_NIGHTS} nights after check_in`),
  guests: wholeNumber.description('Guests in total, default 1'),
  rooms: wholeNumber.description(`Rooms of the same type, 1-${MAX_ROOMS_PER_SEARCH}, default 1`),
  min_price: wholeNumber.description('Lowest nightly price per room, minor units of the hotel currency'),
  max_price: wholeNumber.description('Highest nightly price per room, minor units'),
  currency: shaped(SHAPES.currency).description('Only hotels priced in it'),
  stars: shaped(SHAPES.stars).description('e.g. 4,5'),
  amenities: shaped(SHAPES.amenities).description('All of them, e.g. pool,spa'),
  min_rating: shaped(SHAPES.rating).description(
    'Only hotels whose published reviews average at least this, 1-5 (e.g. 4.5); unrated hotels never match',
  ),
  q: yup.string().strict().max(MAX_TEXT_LENGTH).description('Words of the hotel name, matched as plain text'),
  sort: yup
    .string()
    .strict()
    .oneOf(HOTEL_SORTS)
    .description('Default relevance with q, else price; rating: best average first, unrated hotels last'),
  limit: wholeNumber.description(
    `Page size, default ${DEFAULT_PAGE_SIZE}, at most the configured maximum (50)`,
  ),
  price_interval: wholeNumber.description(
    `Price histogram bucket width in minor units, default ${DEFAULT_PRICE_INTERVAL}`,
  ),
  cursor: cursor.description('next_cursor of the previous page'),
});

/** GET /api/v1/search/flights query. */
export const flightQuerySchema: yup.ObjectSchema<FlightQuery> = yup.object({
  origin: shaped(SHAPES.iata).required().description('Departure airport, e.g. LIS'),
  destination: shaped(SHAPES.iata).required().description('Arrival airport, e.g. MAD'),
  date: date.required().description('Departure day (local at the origin), today or later'),
  return_date: date.description('Return day: adds the return options'),
  passengers: wholeNumber.description(`1-${MAX_PASSENGERS}, default 1`),
  cabin: yup.string().strict().oneOf(CABINS),
  sort: yup.string().strict().oneOf(FLIGHT_SORTS).description('Default price'),
  limit: wholeNumber.description(`Page size per leg, default ${DEFAULT_PAGE_SIZE}, at most 50`),
  cursor: cursor.description('Outbound next_cursor of the previous page'),
  return_cursor: cursor.description('Return next_cursor of the previous page'),
});
