import type { CancellationPolicy } from '../../services/bookings/cancellation-policy';
import type { Catalogue, Flight, Hotel } from './catalogue';
import type { SimAnswer } from './idempotency';
import type { SupplierId } from './items';
import { isoWithOffset } from './seed/time-zones';

export const MAX_FEED_PAGE = 1000;

const cancellationView = (c: CancellationPolicy) => ({
  free_until_days: c.freeUntilDays,
  late_deduction_percent: c.lateDeductionPercent,
});

function hotelView(h: Hotel) {
  return {
    id: h.id,
    name: h.name,
    city: h.city,
    country: h.country,
    iata: h.iata,
    time_zone: h.timeZone,
    location: { lat: h.lat, lon: h.lon },
    stars: h.stars,
    amenities: h.amenities,
    currency: h.currency,
    rooms: h.rooms.map((r) => ({
      type: r.type,
      capacity: r.capacity,
      nightly_minor: r.nightlyMinor,
      available: Array.from(r.available),
    })),
    cancellation_policy: cancellationView(h.cancellation),
  };
}

function flightView(f: Flight) {
  return {
    id: f.id,
    carrier: f.carrier,
    flight_number: f.flightNumber,
    origin: f.origin,
    destination: f.destination,
    departure_at: isoWithOffset(f.departureTz, f.departureUtcMs),
    departure_tz: f.departureTz,
    arrival_at: isoWithOffset(f.arrivalTz, f.arrivalUtcMs),
    arrival_tz: f.arrivalTz,
    duration_minutes: f.durationMinutes,
    cabin: f.cabin,
    fare_minor: f.fareMinor,
    currency: f.currency,
    seats_left: f.seatsLeft,
    cancellation_policy: cancellationView(f.cancellation),
  };
}

/** One page of the live inventory (availability after holds), `cursor` being an offset. */
export function feedPage(catalogue: Catalogue, supplier: SupplierId, query: URLSearchParams): SimAnswer {
  const cursor = query.get('cursor') ?? '0';
  const limit = query.get('limit') ?? '500';
  if (
    !/^\d{1,9}$/.test(cursor) ||
    !/^\d{1,4}$/.test(limit) ||
    Number(limit) < 1 ||
    Number(limit) > MAX_FEED_PAGE
  ) {
    return { status: 400, body: { error_code: 'INVALID_CURSOR', message: `limit is 1-${MAX_FEED_PAGE}` } };
  }
  const from = Number(cursor);
  const to = from + Number(limit);
  const all = supplier === 'hotel' ? catalogue.hotels : catalogue.flights;
  const items =
    supplier === 'hotel'
      ? catalogue.hotels.slice(from, to).map(hotelView)
      : catalogue.flights.slice(from, to).map(flightView);
  return {
    status: 200,
    body: {
      items,
      next_cursor: to < all.length ? String(to) : null,
      total: all.length,
      availability_start: catalogue.startDate,
      days: catalogue.days,
    },
  };
}
