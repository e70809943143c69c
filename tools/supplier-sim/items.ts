import { addDays } from '../../lib/dates/calendar-days';
import { stayStartsAt, type CancellationPolicy } from '../../services/bookings/cancellation-policy';
import { isStayLength, MAX_NIGHTS } from '../../services/bookings/stay-length';
import { dayIndex, type Catalogue } from './catalogue';

/** What a quote or hold asks for, as the partner API accepts it. */
export type HotelItem = {
  hotel_id: string;
  room_type: string;
  check_in: string;
  check_out: string;
  rooms: number;
};
export type FlightItem = { flight_id: string; seats: number };
export type Item = HotelItem | FlightItem;
export type SupplierId = 'hotel' | 'flight';

/** One counter a hold takes units from: a room type on one night, or a flight's seats. */
export interface UnitCounter {
  key: string;
  left(): number;
  add(delta: number): void;
}

export interface PricedItem {
  counters: UnitCounter[];
  quantity: number;
  totalMinor: number;
  currency: string;
  /** When the stay or flight starts: cancellation rules count from here. */
  startsAtMs: number;
  /** The hotel's or the fare's cancellation terms. */
  cancellation: CancellationPolicy;
}

function previousDay(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(ms) ? addDays(date, -1) : '';
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 9;
}

function hasOnly(value: Record<string, unknown>, keys: string[]): boolean {
  return Object.keys(value).every((k) => keys.includes(k));
}

/** Resolves a request's item against the catalogue; a string says why it is refused. */
export function resolveItem(catalogue: Catalogue, supplier: SupplierId, raw: unknown): PricedItem | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'item must be an object';
  const item = raw as Record<string, unknown>;
  if (supplier === 'flight') {
    if (!hasOnly(item, ['flight_id', 'seats']) || !isCount(item.seats))
      return 'item needs flight_id and seats 1-9';
    const flight = catalogue.flightsById.get(String(item.flight_id));
    if (!flight) return 'unknown flight';
    const totalMinor = flight.fareMinor * item.seats;
    return {
      counters: [
        { key: `f:${flight.id}`, left: () => flight.seatsLeft, add: (d) => (flight.seatsLeft += d) },
      ],
      quantity: item.seats,
      totalMinor,
      currency: flight.currency,
      startsAtMs: flight.departureUtcMs,
      cancellation: flight.cancellation,
    };
  }
  if (!hasOnly(item, ['hotel_id', 'room_type', 'check_in', 'check_out', 'rooms']) || !isCount(item.rooms)) {
    return 'item needs hotel_id, room_type, check_in, check_out and rooms 1-9';
  }
  const hotel = catalogue.hotelsById.get(String(item.hotel_id));
  const room = hotel?.rooms.find((r) => r.type === item.room_type);
  if (!hotel || !room) return 'unknown hotel or room type';
  const first = dayIndex(catalogue, String(item.check_in));
  // check_out may be the day after the last night on sale.
  const lastNight = dayIndex(catalogue, previousDay(String(item.check_out)));
  const last = lastNight === -1 ? -1 : lastNight + 1;
  const nights = last - first;
  if (first === -1 || last === -1 || !isStayLength(nights)) {
    return `check_in and check_out must be inside the inventory, 1-${MAX_NIGHTS} nights apart`;
  }
  const counters: UnitCounter[] = [];
  for (let d = first; d < last; d++) {
    counters.push({
      key: `h:${hotel.id}:${room.type}:${d}`,
      left: () => room.available[d]!,
      add: (delta) => (room.available[d] = room.available[d]! + delta),
    });
  }
  return {
    counters,
    quantity: item.rooms,
    totalMinor: room.nightlyMinor * nights * item.rooms,
    currency: hotel.currency,
    startsAtMs: stayStartsAt(String(item.check_in)).getTime(),
    cancellation: hotel.cancellation,
  };
}
