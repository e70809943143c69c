import { decodeCursor } from './cursor';
import type { FlightSearch } from './search-input';

type Clause = Record<string, unknown>;

const SORTS: Record<FlightSearch['sort'], Clause[]> = {
  price: [{ fare_minor: 'asc' }, { departure_at: 'asc' }, { id: 'asc' }],
  departure: [{ departure_at: 'asc' }, { fare_minor: 'asc' }, { id: 'asc' }],
  duration: [{ duration_minutes: 'asc' }, { fare_minor: 'asc' }, { id: 'asc' }],
};

export interface FlightLeg {
  origin: string;
  destination: string;
  date: string;
  cursor?: string;
}

/**
 * One leg of a flight search (outbound, or the return with origin and destination swapped):
 * term and range clauses on validated fields only (SEC-VAL-06).
 */
export function flightLegQuery(search: FlightSearch, leg: FlightLeg): Clause {
  const filter: Clause[] = [
    { term: { origin: leg.origin } },
    { term: { destination: leg.destination } },
    { term: { departure_date: leg.date } },
    { range: { seats_left: { gte: search.passengers } } },
  ];
  if (search.cabin) filter.push({ term: { cabin: search.cabin } });
  const sort = SORTS[search.sort];
  const after = leg.cursor ? decodeCursor(leg.cursor, search.sort, sort.length) : undefined;
  return {
    size: search.limit,
    track_total_hits: true,
    query: { bool: { filter } },
    sort,
    ...(after ? { search_after: after } : {}),
  };
}

export function flightLegs(search: FlightSearch): { outbound: FlightLeg; inbound?: FlightLeg } {
  const outbound = {
    origin: search.origin,
    destination: search.destination,
    date: search.date,
    cursor: search.cursor,
  };
  if (!search.returnDate) return { outbound };
  return {
    outbound,
    inbound: {
      origin: search.destination,
      destination: search.origin,
      date: search.returnDate,
      cursor: search.returnCursor,
    },
  };
}
