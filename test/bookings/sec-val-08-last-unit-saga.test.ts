import test from 'ava';
import { randomUUID } from 'node:crypto';
import { bookingModels } from '../../db/models/booking-models';
import { paymentModels } from '../../db/models/payment-models';
import { createBooking } from '../../services/bookings';
import type { BookingResult } from '../../workflows/bookings/messages';
import { createPaymentMethod, proxyRequests, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { flightBooking } from './helpers/booking-body';
import { holdsOf, privateFlights, setSeats } from './helpers/private-flights';
import { sagaHarness, simUrl, type SagaHarness } from './helpers/saga-harness';

let h: SagaHarness;
const ORIGIN = { ip: '203.0.113.21' };
const BOOKERS = 20;

test.before(async () => {
  h = await sagaHarness();
});
test.after.always(async () => h?.close());

test('SEC-VAL-08 20 concurrent bookings of the last seat through the saga: one CONFIRMED, 19 FAILED sold out, none of them charged, no hold left', async (t) => {
  const [{ flight }] = (await privateFlights(h.config, 1)) as [Awaited<ReturnType<typeof privateFlights>>[0]];
  await setSeats(simUrl(), flight.id, 1);
  // The reservation system takes its time between checking and writing: where races happen.
  await h.fault({ kind: 'slow_commit', ms: 20, route: 'hold' });
  t.teardown(() => h.clearFaults());
  const deps = h.deps();
  const { Booking } = bookingModels(h.sequelize);
  // Twenty customers, each with a card that would be charged if their booking got that far.
  const bookers = await Promise.all(
    Array.from({ length: BOOKERS }, async () => ({
      actor: await h.customer(),
      body: flightBooking(flight, await createPaymentMethod(TEST_CARDS.succeeds)),
    })),
  );
  const accepted = await Promise.all(
    bookers.map(({ actor, body }) => createBooking(deps, actor, body, randomUUID(), ORIGIN)),
  );
  const results = await Promise.all(
    accepted.map(async ({ id }) => {
      const row = (await Booking.findByPk(id))!;
      return (await h.client.workflow.getHandle(row.workflow_id).result()) as BookingResult;
    }),
  );

  const confirmed = results.filter((r) => r.status === 'CONFIRMED');
  const failed = results.filter((r) => r.status === 'FAILED');
  t.is(confirmed.length, 1, JSON.stringify(results.map((r) => [r.status, r.failureReason])));
  t.is(failed.length, BOOKERS - 1);
  t.deepEqual(new Set(failed.map((r) => r.failureReason)), new Set(['sold_out']));
  for (const r of results) t.is((await Booking.findByPk(r.bookingId))?.status, r.status);

  // Only the confirmed booking ever reached Stripe, with its keys (authorise, then capture); it
  // holds the seat.
  const winner = confirmed[0]!.bookingId;
  const winnerCalls = await proxyRequests({ key_prefix: `booking/${winner}/` });
  t.deepEqual(
    new Set(winnerCalls.map((r) => r.idempotencyKey)),
    new Set([`booking/${winner}/payment`, `booking/${winner}/capture`]),
  );
  t.deepEqual(
    (await holdsOf(simUrl(), winner)).map((x) => x.status),
    ['confirmed'],
  );
  const { Payment } = paymentModels(h.sequelize);
  for (const { bookingId } of failed) {
    t.deepEqual(await proxyRequests({ key_prefix: `booking/${bookingId}/` }), [], bookingId);
    t.is(await Payment.count({ where: { booking_id: bookingId } }), 0);
    t.false(
      (await holdsOf(simUrl(), bookingId)).some((x) => x.status === 'held'),
      `a hold left open for ${bookingId}`,
    );
  }
});
