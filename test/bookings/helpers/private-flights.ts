import { randomInt } from 'node:crypto';
import { PAYMENT_CURRENCIES } from '../../../services/payments/payment-rules';
import { createSupplierAdapters, type FlightInventory } from '../../../activities/suppliers';
import type { Config } from '../../../lib/config';

/** The first flights of the feed are other files' (flightPicker, stack checks): stay clear of them. */
const FIRST_PRIVATE_INDEX = 5_000;
const PAGE = 1_000;

export interface PrivateFlight {
  flight: FlightInventory;
  /** Its position in the supplier's feed: `feedPage(String(index), 1)` reads it back. */
  index: number;
}

/**
 * `count` bookable flights of the stack simulator (a payment currency, departing in more than two
 * days) from a random page far down the feed, so a file that sets their seats does not take
 * another file's flights away. Shared by the last-unit saga test and the crash test.
 */
export async function privateFlights(config: Config, count: number): Promise<PrivateFlight[]> {
  const { adapters, shutdown } = createSupplierAdapters(config);
  try {
    const { total } = await adapters.flight.feedPage('0', 1);
    if (total < FIRST_PRIVATE_INDEX + 2 * PAGE) throw new Error(`the simulator has only ${total} flights`);
    const start = randomInt(FIRST_PRIVATE_INDEX, total - PAGE);
    const page = await adapters.flight.feedPage(String(start), PAGE);
    const found = (page.items as FlightInventory[])
      .map((flight, i) => ({ flight, index: start + i }))
      .filter(
        ({ flight: f }) =>
          PAYMENT_CURRENCIES.includes(f.currency) &&
          f.seatsLeft >= 1 &&
          Date.parse(f.departureAt) > Date.now() + 2 * 86_400_000,
      );
    if (found.length < count) throw new Error(`only ${found.length} bookable flights in one feed page`);
    return found.slice(0, count);
  } finally {
    shutdown();
  }
}

/** Sets a flight's seats at the stack simulator (its control API). */
export async function setSeats(simUrl: string, flightId: string, units: number): Promise<void> {
  const res = await fetch(`${simUrl}/_control/units`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ supplier: 'flight', flight_id: flightId, units }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`simulator refused the seats of ${flightId}: ${res.status}`);
}

/** Every hold the stack simulator has under a booking's hold token (`booking/<id>/hold`). */
export async function holdsOf(simUrl: string, bookingId: string): Promise<{ status: string }[]> {
  const token = encodeURIComponent(`booking/${bookingId}/hold`);
  const res = await fetch(`${simUrl}/_control/holds?token=${token}`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`simulator holds query: ${res.status}`);
  return ((await res.json()) as { holds: { status: string }[] }).holds;
}
