import type { CancellationPolicy } from '../bookings/cancellation-policy';
import type { FlightInventory, HotelInventory } from './inventory';
import { addDays } from '../../lib/dates/calendar-days';
import { MAX_ROOMS_PER_SEARCH } from './search-input';

export interface HotelRoomDocument {
  type: string;
  capacity: number;
  nightly_minor: number;
  /**
   * Units free per night from `availability_start`, comma-separated (`encodeUnits`): one JSON
   * string instead of an array of numbers, so the source OpenSearch parses for every hit and the
   * API reads to price it stays small. An index built before this holds an array.
   */
  units: string | number[];
  [open: `open_${number}`]: string[];
}

export const encodeUnits = (units: readonly number[]): string => units.join(',');

export function decodeUnits(units: string | readonly number[]): number[] {
  if (typeof units !== 'string') return [...units];
  return units === '' ? [] : units.split(',').map(Number);
}

/** A hotel's or a fare's cancellation terms as indexed (the policy, in the documents' case). */
export interface CancellationDocument {
  free_until_days: number;
  late_deduction_percent: number;
}

export const cancellationDocument = (c: CancellationPolicy): CancellationDocument => ({
  free_until_days: c.freeUntilDays,
  late_deduction_percent: c.lateDeductionPercent,
});

/**
 * A hotel's published reviews as indexed: their average overall rating and their count, written
 * by services/reviews (hotel-rating.ts). A document without it has no published review: it was
 * indexed before reviews existed, or none is published yet (the same thing at deploy time).
 */
export interface RatingDocument {
  average: number;
  count: number;
}

export interface HotelDocument {
  id: string;
  supplier: 'hotel';
  name: string;
  city: string;
  country: string;
  iata: string;
  time_zone: string;
  location: { lat: number; lon: number };
  stars: number;
  amenities: string[];
  currency: string;
  availability_start: string;
  rooms: HotelRoomDocument[];
  cancellation: CancellationDocument;
  rating?: RatingDocument;
}

export interface FlightDocument {
  id: string;
  supplier: 'flight';
  carrier: string;
  flight_number: string;
  origin: string;
  destination: string;
  departure_at: string;
  departure_date: string;
  departure_tz: string;
  arrival_at: string;
  arrival_tz: string;
  duration_minutes: number;
  cabin: string;
  fare_minor: number;
  currency: string;
  seats_left: number;
  cancellation: CancellationDocument;
}

/**
 * One room type's document from its units per night (units[i] = night start + i): the units
 * encoded, and the `open_<n>` lists derived from them.
 */
export function roomWithOpenNights(
  room: Omit<HotelRoomDocument, `open_${number}` | 'units'> & { units: readonly number[] },
  start: string,
): HotelRoomDocument {
  const doc: HotelRoomDocument = { ...room, units: encodeUnits(room.units) };
  for (let n = 1; n <= MAX_ROOMS_PER_SEARCH; n += 1) {
    doc[`open_${n}`] = room.units.flatMap((units, i) => (units >= n ? [addDays(start, i)] : []));
  }
  return doc;
}

export function hotelDocument(h: HotelInventory, availabilityStart: string): HotelDocument {
  return {
    id: h.id,
    supplier: 'hotel',
    name: h.name,
    city: h.city,
    country: h.country,
    iata: h.iata,
    time_zone: h.timeZone,
    location: h.location,
    stars: h.stars,
    amenities: h.amenities,
    currency: h.currency,
    availability_start: availabilityStart,
    rooms: h.rooms.map((r) =>
      roomWithOpenNights(
        { type: r.type, capacity: r.capacity, nightly_minor: r.nightlyMinor, units: r.available },
        availabilityStart,
      ),
    ),
    cancellation: cancellationDocument(h.cancellation),
  };
}

export function flightDocument(f: FlightInventory): FlightDocument {
  return {
    id: f.id,
    supplier: 'flight',
    carrier: f.carrier,
    flight_number: f.flightNumber,
    origin: f.origin,
    destination: f.destination,
    departure_at: f.departureAt,
    // The local calendar day at the origin: what a traveller means by "the 14th".
    departure_date: f.departureAt.slice(0, 10),
    departure_tz: f.departureTz,
    arrival_at: f.arrivalAt,
    arrival_tz: f.arrivalTz,
    duration_minutes: f.durationMinutes,
    cabin: f.cabin,
    fare_minor: f.fareMinor,
    currency: f.currency,
    seats_left: f.seatsLeft,
    cancellation: cancellationDocument(f.cancellation),
  };
}
