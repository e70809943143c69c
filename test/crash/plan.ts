import { randomUUID } from 'node:crypto';
import type { FlightInventory } from '../../activities/suppliers';
import type { CreateBookingBody } from '../../services/bookings';
import { flightBooking } from '../bookings/helpers/booking-body';
import { createPaymentMethod, TEST_CARDS } from '../payments/helpers/stripe-stack';
import type { Customer } from './customers';

/** What the customer of one booking does, so every branch of the saga runs under the kills. */
export type Behaviour =
  /** A card that succeeds at once. */
  | 'pays'
  /** A card Stripe declines: the hold is released, nothing charged. */
  | 'declined'
  /** 3-D Secure, completed by the customer a while later (sometimes after the payment window). */
  | 'authenticates'
  /** 3-D Secure never completed: the payment wait times out. */
  | 'abandons'
  /** 3-D Secure pending, then the customer cancels the booking. */
  | 'cancels';

/** Out of every 20 bookings. */
const MIX: Behaviour[] = [
  ...Array<Behaviour>(13).fill('pays'),
  ...Array<Behaviour>(3).fill('declined'),
  ...Array<Behaviour>(2).fill('authenticates'),
  'abandons',
  'cancels',
];

const CARD: Record<Behaviour, string> = {
  pays: TEST_CARDS.succeeds,
  declined: TEST_CARDS.declined,
  authenticates: TEST_CARDS.requiresAction,
  abandons: TEST_CARDS.requiresAction,
  cancels: TEST_CARDS.requiresAction,
};

export const BOOKINGS_PER_FLIGHT = 5;
/** Every fourth flight has fewer seats than bookers: some bookings end sold out. */
export function seatsFor(flightIndex: number): number {
  return flightIndex % 4 === 0 ? 3 : BOOKINGS_PER_FLIGHT;
}

export interface PlannedBooking {
  customer: Customer;
  behaviour: Behaviour;
  idempotencyKey: string;
  body: CreateBookingBody;
  /** Set once the API accepted it. */
  bookingId?: string;
  /** How many times the client sent `POST /bookings` (it retries a 5xx or 409 with its key). */
  attempts?: number;
}

/** One booking per customer, `BOOKINGS_PER_FLIGHT` to a flight, behaviours mixed along the way. */
export async function planBookings(
  customers: Customer[],
  flights: FlightInventory[],
): Promise<PlannedBooking[]> {
  const planned: PlannedBooking[] = [];
  for (let i = 0; i < customers.length; i += 10) {
    const batch = await Promise.all(
      customers.slice(i, i + 10).map(async (customer, j) => {
        const n = i + j;
        const behaviour = MIX[n % MIX.length]!;
        const flight = flights[Math.floor(n / BOOKINGS_PER_FLIGHT)]!;
        // Made at localstripe directly, as Stripe.js would: the platform never sees the number.
        const body = flightBooking(flight, await createPaymentMethod(CARD[behaviour]));
        return { customer, behaviour, idempotencyKey: randomUUID(), body };
      }),
    );
    planned.push(...batch);
  }
  return planned;
}

export function flightsNeeded(bookings: number): number {
  return Math.ceil(bookings / BOOKINGS_PER_FLIGHT);
}
