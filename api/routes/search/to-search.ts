import type { Config } from '../../../lib/config';
import { errors } from '../../../lib/errors';
import {
  addDays,
  daysBetween,
  MAX_ROOMS_PER_SEARCH,
  type FlightSearch,
  type HotelSearch,
} from '../../../services/search';
import type { FlightQuery } from './flight-query-schema';
import type { HotelQuery } from './hotel-query-schema';
import { inRange } from './query-fields';

const MAX_NIGHTS = 30;
const MAX_DAYS_AHEAD = 365;

function field<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw errors.validation((error as Error).message, { field: name });
  }
}

const realDate = (name: string, value: string) =>
  field(name, () => {
    if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)
      throw new Error(`${name} is not a real date`);
    return value;
  });

/** A day from "yesterday" (the earliest local today anywhere) up to a year ahead. */
function bookableDay(name: string, value: string, today: string): string {
  realDate(name, value);
  const ahead = daysBetween(today, value);
  if (ahead < -1 || ahead > MAX_DAYS_AHEAD)
    throw errors.validation(`${name} must be from today to ${MAX_DAYS_AHEAD} days ahead`, { field: name });
  return value;
}

const today = () => new Date().toISOString().slice(0, 10);

/** The route's strings as a hotel search: defaults filled in, cross-field rules checked. */
export function toHotelSearch(q: HotelQuery, options: Config['search'], now = today()): HotelSearch {
  const checkIn = bookableDay('check_in', q.check_in, now);
  const checkOut = realDate('check_out', q.check_out);
  const nights = daysBetween(checkIn, checkOut);
  if (nights < 1 || nights > MAX_NIGHTS)
    throw errors.validation(`check_out must be 1 to ${MAX_NIGHTS} nights after check_in`, {
      field: 'check_out',
    });
  const rooms = field('rooms', () => inRange('rooms', q.rooms, 1, MAX_ROOMS_PER_SEARCH)) ?? 1;
  const guests = field('guests', () => inRange('guests', q.guests, 1, rooms * 9)) ?? 1;
  if (guests < rooms) throw errors.validation('guests must be at least rooms', { field: 'guests' });
  const geo = [q.lat, q.lon, q.radius_km].filter((v) => v !== undefined).length;
  if (geo !== 0 && geo !== 3) throw errors.validation('lat, lon and radius_km go together', { field: 'lat' });
  if (!q.city && geo === 0)
    throw errors.validation('city or lat/lon/radius_km is required', { field: 'city' });
  const near =
    geo === 3
      ? {
          lat: field('lat', () => bounded('lat', Number(q.lat), 90)),
          lon: field('lon', () => bounded('lon', Number(q.lon), 180)),
          radiusKm: field('radius_km', () => inRange('radius_km', q.radius_km, 1, 500)) as number,
        }
      : undefined;
  const minPrice = field('min_price', () => inRange('min_price', q.min_price, 0, 1e9));
  const maxPrice = field('max_price', () => inRange('max_price', q.max_price, 0, 1e9));
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice)
    throw errors.validation('min_price must not exceed max_price', { field: 'min_price' });
  const text = q.q?.trim() || undefined;
  return {
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
    text,
    sort: q.sort ?? (text ? 'relevance' : 'price'),
    limit: field('limit', () => inRange('limit', q.limit, 1, options.maxPageSize)) ?? 20,
    cursor: q.cursor,
    priceInterval: field('price_interval', () => inRange('price_interval', q.price_interval, 1, 1e9)) ?? 5000,
  };
}

function bounded(name: string, value: number, max: number): number {
  if (!Number.isFinite(value) || Math.abs(value) > max)
    throw new RangeError(`${name} must be -${max} to ${max}`);
  return value;
}

export function toFlightSearch(q: FlightQuery, options: Config['search'], now = today()): FlightSearch {
  const date = bookableDay('date', q.date, now);
  const returnDate = q.return_date === undefined ? undefined : bookableDay('return_date', q.return_date, now);
  if (returnDate !== undefined && returnDate < date)
    throw errors.validation('return_date must not be before date', { field: 'return_date' });
  if (q.origin === q.destination)
    throw errors.validation('origin and destination must differ', { field: 'destination' });
  if (q.return_cursor && !returnDate)
    throw errors.validation('return_cursor needs return_date', { field: 'return_cursor' });
  return {
    origin: q.origin,
    destination: q.destination,
    date,
    returnDate,
    passengers: field('passengers', () => inRange('passengers', q.passengers, 1, 9)) ?? 1,
    cabin: q.cabin,
    sort: q.sort ?? 'price',
    limit: field('limit', () => inRange('limit', q.limit, 1, options.maxPageSize)) ?? 20,
    cursor: q.cursor,
    returnCursor: q.return_cursor,
  };
}
