import { freeCancellationUntil } from '../../../services/bookings/cancellation-policy';
import { PAYMENT_CURRENCIES } from '../../../services/payments/payment-rules';
import { createSupplierAdapters, type FlightInventory } from '../../../activities/suppliers';
import type { CreateBookingBody } from '../../../services/bookings';
import type { SagaHarness } from './saga-harness';

/** Flights of the stack simulator with seats to spare, each handed out once per file. */
export async function flightPicker(h: SagaHarness) {
  const { adapters, shutdown } = createSupplierAdapters(h.config, { headers: { 'x-sim-scope': h.scope } });
  const page = await adapters.flight.feedPage(null, 200);
  shutdown();
  const free = (page.items as FlightInventory[]).filter(
    (f) =>
      PAYMENT_CURRENCIES.includes(f.currency) &&
      f.seatsLeft >= 3 &&
      Date.parse(f.departureAt) > Date.now() + 2 * 86_400_000 &&
      // Free to cancel for a day yet: a quote or a customer's refund gets the whole fare back.
      freeCancellationUntil(f.cancellation, new Date(f.departureAt)).getTime() > Date.now() + 86_400_000,
  );
  // Start somewhere random so parallel runs of this file rarely share a flight.
  let next = Math.floor(Math.random() * free.length);
  return () => free[next++ % free.length]!;
}

export function flightBooking(flight: FlightInventory, paymentMethodId: string): CreateBookingBody {
  const minor = flight.fareMinor;
  return {
    kind: 'flight',
    flight: {
      flightId: flight.id,
      origin: flight.origin,
      destination: flight.destination,
      departureDate: flight.departureAt.slice(0, 10),
      seats: 1,
    },
    passengers: [
      { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10', passportNumber: 'X1234567' },
    ],
    amount: `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`,
    currency: flight.currency as CreateBookingBody['currency'],
    paymentMethodId,
  };
}

/** The date `n` days from now, as a booking body spells dates (YYYY-MM-DD, UTC). */
export const dateInDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
