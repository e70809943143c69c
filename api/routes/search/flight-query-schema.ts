import * as yup from 'yup';
import { cursor, date, iata, wholeNumber } from './query-fields';

export const FLIGHT_SORTS = ['price', 'departure', 'duration'] as const;
export const CABINS = ['economy', 'premium_economy', 'business', 'first'] as const;

/** GET /api/v1/search/flights query. */
export const flightQuerySchema = yup.object({
  origin: iata.required().description('Departure airport, e.g. LIS'),
  destination: iata.required().description('Arrival airport, e.g. MAD'),
  date: date.required().description('Departure day (local at the origin), today or later'),
  return_date: date.description('Return day: adds the return options'),
  passengers: wholeNumber.description('1-9, default 1'),
  cabin: yup.string().strict().oneOf(CABINS),
  sort: yup.string().strict().oneOf(FLIGHT_SORTS).description('Default price'),
  limit: wholeNumber.description('Page size per leg, default 20, at most 50'),
  cursor: cursor.description('Outbound next_cursor of the previous page'),
  return_cursor: cursor.description('Return next_cursor of the previous page'),
});

export type FlightQuery = yup.InferType<typeof flightQuerySchema>;
