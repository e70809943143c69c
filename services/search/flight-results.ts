import { cancellationView, type CancellationView } from './cancellation-view';
import { encodeCursor } from './cursor';
import type { CancellationDocument, FlightDocument } from './documents';
import type { FlightSearch } from './search-input';

export type FlightResult = Omit<FlightDocument, 'supplier' | 'departure_date' | 'cancellation'> & {
  total_minor: number;
  /** The fare's terms, `freeUntil` counted from the departure. */
  cancellation: CancellationView;
};

export interface FlightLegResults {
  total: number;
  items: FlightResult[];
  next_cursor: string | null;
}

export interface FlightResults {
  passengers: number;
  outbound: FlightLegResults;
  return: FlightLegResults | null;
}

interface Hit {
  _source: Omit<FlightDocument, 'cancellation'> & { cancellation?: CancellationDocument };
  sort: unknown[];
}

/** One leg's answer: each flight priced for every passenger. */
export function flightLegResults(search: FlightSearch, body: Record<string, unknown>): FlightLegResults {
  const { total, hits } = body.hits as { total: { value: number }; hits: Hit[] };
  const items = hits.map(({ _source: f }): FlightResult => ({
    id: f.id,
    carrier: f.carrier,
    flight_number: f.flight_number,
    origin: f.origin,
    destination: f.destination,
    departure_at: f.departure_at,
    departure_tz: f.departure_tz,
    arrival_at: f.arrival_at,
    arrival_tz: f.arrival_tz,
    duration_minutes: f.duration_minutes,
    cabin: f.cabin,
    fare_minor: f.fare_minor,
    total_minor: f.fare_minor * search.passengers,
    currency: f.currency,
    seats_left: f.seats_left,
    cancellation: cancellationView(f.cancellation, new Date(f.departure_at)),
  }));
  const last = hits.at(-1);
  return {
    total: total.value,
    items,
    next_cursor: last && hits.length === search.limit ? encodeCursor(search.sort, last.sort) : null,
  };
}
