import type { Config } from '../../lib/config';
import { addDays, daysBetween, isIsoDate, isoDay } from '../../lib/dates/calendar-days';
import { errors } from '../../lib/errors';
import { isStayLength, MAX_NIGHTS } from '../bookings/stay-length';
import type { Cabin } from './inventory';

/*
 * What a hotel or flight search accepts, every rule in this one file. First the shape of each
 * query string (SHAPES and the lists and bounds below), which the route's yup schema
 * (api/routes/search/query-schemas.ts) is built from and checks as pure string checks; then the
 * rules between fields and against the clock (toHotelSearch, toFlightSearch), which turn the
 * checked strings into the service's normalised input. A refusal is a 400 naming the field.
 */

export const HOTEL_SORTS = ['price', 'stars', 'distance', 'relevance', 'rating'] as const;
export const FLIGHT_SORTS = ['price', 'departure', 'duration'] as const;
export type HotelSort = (typeof HOTEL_SORTS)[number];
export type FlightSort = (typeof FLIGHT_SORTS)[number];

/** The most rooms one hotel search may ask for: `rooms.open_<n>` exists for n = 1 … this (mappings.ts). */
export const MAX_ROOMS_PER_SEARCH = 5;
export const MAX_GUESTS_PER_ROOM = 9;
export const MAX_PASSENGERS = 9;
/** Check-in and flight days: from today up to this many days ahead. */
export const MAX_DAYS_AHEAD = 365;
export const MAX_RADIUS_KM = 500;
/** Prices and the price histogram's bucket width, in minor units. */
export const MAX_MINOR = 1e9;
/** The free text `q` (hotel name words, SEC-VAL-06). */
export const MAX_TEXT_LENGTH = 100;
/** Without `limit`; the largest page is configured (`search.maxPageSize`). */
export const DEFAULT_PAGE_SIZE = 20;
export const DEFAULT_PRICE_INTERVAL = 5000;

export interface Shape {
  readonly pattern: RegExp;
  readonly message: string;
}

/** The shape of each query string: nothing but strings, no silent coercion (SEC-VAL-01). */
export const SHAPES = {
  date: { pattern: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, message: 'must be a date YYYY-MM-DD' },
  wholeNumber: { pattern: /^[0-9]{1,9}$/, message: 'must be a whole number' },
  decimal: { pattern: /^-?[0-9]{1,3}(\.[0-9]{1,7})?$/, message: 'must be a decimal number' },
  iata: { pattern: /^[A-Z]{3}$/, message: 'must be an IATA airport code (3 capitals)' },
  cursor: { pattern: /^[A-Za-z0-9_-]{1,1024}$/, message: 'must be a next_cursor of a previous page' },
  city: { pattern: /^[\p{L}\p{M} .'-]{1,100}$/u, message: 'must be a city name' },
  currency: { pattern: /^[A-Z]{3}$/, message: 'must be an ISO 4217 code' },
  stars: { pattern: /^[1-5](,[1-5]){0,4}$/, message: 'must be star counts 1-5, comma separated' },
  rating: { pattern: /^([1-4](\.[0-9])?|5(\.0)?)$/, message: 'must be a rating from 1 to 5, one decimal' },
  amenities: {
    pattern: /^[a-z_]{1,40}(,[a-z_]{1,40}){0,9}$/,
    message: 'must be amenity codes, comma separated',
  },
} as const satisfies Record<string, Shape>;

/** GET /api/v1/search/hotels's query strings, each of its shape. */
export interface HotelQuery {
  city?: string;
  lat?: string;
  lon?: string;
  radius_km?: string;
  check_in: string;
  check_out: string;
  guests?: string;
  rooms?: string;
  min_price?: string;
  max_price?: string;
  currency?: string;
  stars?: string;
  amenities?: string;
  min_rating?: string;
  q?: string;
  sort?: HotelSort;
  limit?: string;
  price_interval?: string;
  cursor?: string;
}

/** GET /api/v1/search/flights's query strings, each of its shape. */
export interface FlightQuery {
  origin: string;
  destination: string;
  date: string;
  return_date?: string;
  passengers?: string;
  cabin?: Cabin;
  sort?: FlightSort;
  limit?: string;
  cursor?: string;
  return_cursor?: string;
}

/** A hotel search as the service takes it: checked, defaults filled in (toHotelSearch). */
export interface HotelSearch {
  city?: string;
  near?: { lat: number; lon: number; radiusKm: number };
  checkIn: string;
  checkOut: string;
  guests: number;
  rooms: number;
  minPrice?: number;
  maxPrice?: number;
  currency?: string;
  stars?: number[];
  amenities?: string[];
  /** Only hotels whose published reviews average at least this (1-5); unrated hotels never match. */
  minRating?: number;
  /** Matched against hotel names as plain text (SEC-VAL-06). */
  text?: string;
  sort: HotelSort;
  limit: number;
  cursor?: string;
  priceInterval: number;
}

/** A flight search as the service takes it: checked, defaults filled in (toFlightSearch). */
export interface FlightSearch {
  origin: string;
  destination: string;
  date: string;
  returnDate?: string;
  passengers: number;
  cabin?: string;
  sort: FlightSort;
  limit: number;
  cursor?: string;
  returnCursor?: string;
}

const invalid = (field: string, message: string) => errors.validation(message, { field });

/** A whole number in [min, max], as a query string; undefined stays undefined. */
function whole(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(name, `${name} must be ${min} to ${max}`);
  return n;
}

/** A decimal in [-max, max], as a query string. */
function bounded(name: string, value: string | undefined, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || Math.abs(n) > max) throw invalid(name, `${name} must be -${max} to ${max}`);
  return n;
}

function realDate(name: string, value: string): string {
  if (isIsoDate(value)) return value;
  throw invalid(name, `${name} is not a real date`);
}

/** A day from "yesterday" (the earliest local today anywhere) up to a year ahead. */
function bookableDay(name: string, value: string, today: string): string {
  realDate(name, value);
  const ahead = daysBetween(today, value);
  if (ahead < -1 || ahead > MAX_DAYS_AHEAD)
    throw invalid(name, `${name} must be from today to ${MAX_DAYS_AHEAD} days ahead`);
  return value;
}

const today = () => isoDay(new Date());

/** The route's strings as a hotel search: defaults filled in, cross-field rules checked. */
export function toHotelSearch(q: HotelQuery, options: Config['search'], now = today()): HotelSearch {
  const checkIn = bookableDay('check_in', q.check_in, now);
  const checkOut = realDate('check_out', q.check_out);
  const nights = daysBetween(checkIn, checkOut);
  if (!isStayLength(nights))
    throw invalid('check_out', `check_out must be 1 to ${MAX_NIGHTS} nights after check_in`);
  const rooms = whole('rooms', q.rooms, 1, MAX_ROOMS_PER_SEARCH) ?? 1;
  const guests = whole('guests', q.guests, 1, rooms * MAX_GUESTS_PER_ROOM) ?? 1;
  if (guests < rooms) throw invalid('guests', 'guests must be at least rooms');
  const geo = [q.lat, q.lon, q.radius_km].filter((v) => v !== undefined).length;
  if (geo !== 0 && geo !== 3) throw invalid('lat', 'lat, lon and radius_km go together');
  if (!q.city && geo === 0) throw invalid('city', 'city or lat/lon/radius_km is required');
  const near =
    geo === 3
      ? {
          lat: bounded('lat', q.lat, 90),
          lon: bounded('lon', q.lon, 180),
          radiusKm: whole('radius_km', q.radius_km, 1, MAX_RADIUS_KM) as number,
        }
      : undefined;
  const minPrice = whole('min_price', q.min_price, 0, MAX_MINOR);
  const maxPrice = whole('max_price', q.max_price, 0, MAX_MINOR);
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice)
    throw invalid('min_price', 'min_price must not exceed max_price');
  const text = q.q?.trim() || undefined;
  const search: HotelSearch = {
    city: q.city?.trim().toLowerCase(),
    near,
    checkIn,
    checkOut: addDays(checkIn, nights),
    guests,
    rooms,
    minPrice,
    maxPrice,
    currency: q.currency,
    stars: q.stars ? [...new Set(q.stars.split(',').map(Number))].sort() : undefined,
    amenities: q.amenities ? [...new Set(q.amenities.split(','))].sort() : undefined,
    minRating: q.min_rating === undefined ? undefined : Number(q.min_rating),
    text,
    sort: q.sort ?? (text ? 'relevance' : 'price'),
    limit: whole('limit', q.limit, 1, options.maxPageSize) ?? DEFAULT_PAGE_SIZE,
    cursor: q.cursor,
    priceInterval: whole('price_interval', q.price_interval, 1, MAX_MINOR) ?? DEFAULT_PRICE_INTERVAL,
  };
  if (search.sort === 'distance' && !near)
    throw invalid('sort', 'sort=distance needs lat, lon and radius_km');
  return search;
}

/** The route's strings as a flight search: defaults filled in, cross-field rules checked. */
export function toFlightSearch(q: FlightQuery, options: Config['search'], now = today()): FlightSearch {
  const date = bookableDay('date', q.date, now);
  const returnDate = q.return_date === undefined ? undefined : bookableDay('return_date', q.return_date, now);
  if (returnDate !== undefined && returnDate < date)
    throw invalid('return_date', 'return_date must not be before date');
  if (q.origin === q.destination) throw invalid('destination', 'origin and destination must differ');
  if (q.return_cursor && !returnDate) throw invalid('return_cursor', 'return_cursor needs return_date');
  return {
    origin: q.origin,
    destination: q.destination,
    date,
    returnDate,
    passengers: whole('passengers', q.passengers, 1, MAX_PASSENGERS) ?? 1,
    cabin: q.cabin,
    sort: q.sort ?? 'price',
    limit: whole('limit', q.limit, 1, options.maxPageSize) ?? DEFAULT_PAGE_SIZE,
    cursor: q.cursor,
    returnCursor: q.return_cursor,
  };
}
