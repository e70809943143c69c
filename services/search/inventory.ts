import type { CancellationPolicy } from '../bookings/cancellation-policy';

/** The cabin classes a flight is sold in, as the feeds and search name them. */
export const CABINS = ['economy', 'premium_economy', 'business', 'first'] as const;
export type Cabin = (typeof CABINS)[number];

/**
 * Feed items as the platform keeps them: built field by field from a validated item, so
 * nothing the supplier added beyond the schema is ever passed on or indexed (SEC-SUP-03).
 */
export interface HotelInventory {
  id: string;
  name: string;
  city: string;
  country: string;
  iata: string;
  timeZone: string;
  location: { lat: number; lon: number };
  stars: number;
  amenities: string[];
  currency: string;
  rooms: { type: string; capacity: number; nightlyMinor: number; available: number[] }[];
  cancellation: CancellationPolicy;
}

export interface FlightInventory {
  id: string;
  carrier: string;
  flightNumber: string;
  origin: string;
  destination: string;
  departureAt: string;
  departureTz: string;
  arrivalAt: string;
  arrivalTz: string;
  durationMinutes: number;
  cabin: Cabin;
  fareMinor: number;
  currency: string;
  seatsLeft: number;
  cancellation: CancellationPolicy;
}
