import type { FlightFeedItem, HotelFeedItem } from './feed-schemas';

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
  cabin: FlightFeedItem['cabin'];
  fareMinor: number;
  currency: string;
  seatsLeft: number;
}

export function toHotelInventory(h: HotelFeedItem): HotelInventory {
  return {
    id: h.id,
    name: h.name,
    city: h.city,
    country: h.country,
    iata: h.iata,
    timeZone: h.time_zone,
    location: { lat: h.location.lat, lon: h.location.lon },
    stars: h.stars,
    amenities: [...h.amenities],
    currency: h.currency,
    rooms: h.rooms.map((r) => ({
      type: r.type,
      capacity: r.capacity,
      nightlyMinor: r.nightly_minor,
      available: [...r.available],
    })),
  };
}

export function toFlightInventory(f: FlightFeedItem): FlightInventory {
  return {
    id: f.id,
    carrier: f.carrier,
    flightNumber: f.flight_number,
    origin: f.origin,
    destination: f.destination,
    departureAt: f.departure_at,
    departureTz: f.departure_tz,
    arrivalAt: f.arrival_at,
    arrivalTz: f.arrival_tz,
    durationMinutes: f.duration_minutes,
    cabin: f.cabin,
    fareMinor: f.fare_minor,
    currency: f.currency,
    seatsLeft: f.seats_left,
  };
}
