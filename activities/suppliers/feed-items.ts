import type { CancellationPolicy } from '../../services/bookings/cancellation-policy';
import type { FlightInventory, HotelInventory } from '../../services/search/inventory';
import type { FlightFeedItem, HotelFeedItem } from './feed-schemas';

export type { FlightInventory, HotelInventory };

function toCancellationPolicy(c: HotelFeedItem['cancellation_policy']): CancellationPolicy {
  return { freeUntilDays: c.free_until_days, lateDeductionPercent: c.late_deduction_percent };
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
    cancellation: toCancellationPolicy(h.cancellation_policy),
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
    cancellation: toCancellationPolicy(f.cancellation_policy),
  };
}
