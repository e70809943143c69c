import test from 'ava';
import { randomUUID } from 'node:crypto';
import { paymentModels } from '../../db/models/payment-models';
import { PAYMENT_CURRENCIES } from '../../services/payments/payment-rules';
import { createPaymentMethod, proxyRequests, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { flightBooking } from './helpers/booking-body';
import type { BookingsApp, SignedIn } from './helpers/bookings-app';
import { useBookingsStack, type FlightPick } from './helpers/bookings-stack';
import { simUrl, type SagaHarness } from './helpers/saga-harness';

/*
 * The customer sends `amount` and `currency`; the supplier's hold says what the booking costs.
 * The saga compares the two before any money moves (workflows/bookings/booking.ts).
 */

let h: SagaHarness;
let app: BookingsApp;
let pick: FlightPick;

useBookingsStack((stack) => ({ h, app, pick } = stack));

const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

async function holdOf(bookingId: string) {
  const res = await fetch(
    `${simUrl()}/_control/holds?token=${encodeURIComponent(`booking/${bookingId}/hold`)}`,
  );
  const { holds } = (await res.json()) as { holds: { status: string }[] };
  return holds[0];
}

/**
 * The booking once its saga has ended it (FAILED or CANCELLED) or confirmed it: a confirmed
 * workflow waits out the cancellation window, so its result would come minutes later.
 */
async function settled(user: SignedIn, id: string) {
  // A bound on polls, not a deadline to meet: a loaded machine's saga may take minutes.
  for (let i = 0; i < 1_200; i++) {
    const answer = await app.send({ path: `/api/v1/bookings/${id}` }, user);
    if (['FAILED', 'CANCELLED', 'CONFIRMED'].includes(answer.json?.status)) return answer.json;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`booking ${id} never settled`);
}

const cases: [string, (fareMinor: number, currency: string) => { amount?: string; currency?: string }][] = [
  ['one cent below the supplier’s price', (fare) => ({ amount: money(fare - 1) })],
  ['above the supplier’s price', (fare) => ({ amount: money(fare + 10_000) })],
  [
    'the supplier’s figure in another currency',
    (_fare, currency) => ({ currency: PAYMENT_CURRENCIES.find((c) => c !== currency) }),
  ],
];

for (const [why, change] of cases) {
  test(`SEC-VAL-02 price guard, ${why}: FAILED price_changed, nothing charged, hold released`, async (t) => {
    const user = await app.signIn();
    const flight = pick();
    const body = {
      ...flightBooking(flight, await createPaymentMethod(TEST_CARDS.succeeds)),
      ...change(flight.fareMinor, flight.currency),
    };
    const accepted = await app.send(
      {
        method: 'POST',
        path: '/api/v1/bookings',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(body),
      },
      user,
    );
    t.is(accepted.status, 202, accepted.text);
    const id = accepted.json.id as string;
    const view = await settled(user, id);
    t.like(view, { status: 'FAILED', failureReason: 'price_changed' });
    // Nothing charged: no payment row, and Stripe never got a PaymentIntent request for it.
    t.is(await paymentModels(h.sequelize).Payment.count({ where: { booking_id: id } }), 0);
    t.deepEqual(await proxyRequests({ idempotency_key: `booking/${id}/payment` }), []);
    t.is((await holdOf(id))?.status, 'released');
  });
}
