import test from 'ava';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { bookingFor, chargeInFull, customer, type PaymentsHarness } from './helpers/payments-db';
import { usePaymentsHarness } from './helpers/use-payments-harness';
import { createPaymentMethod, localstripeObject, proxyRequests, TEST_CARDS } from './helpers/stripe-stack';

let h: PaymentsHarness;
usePaymentsHarness((harness) => (h = harness));

async function paidBooking(amountMinor = 10_000) {
  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.succeeds), amountMinor);
  await chargeInFull(h.activities, booking);
  return booking;
}

function failureType(err: unknown): string | undefined {
  return err instanceof ApplicationFailure ? (err.type ?? undefined) : undefined;
}

test('a refund is never more than was captured: partial refunds add up to it, one more is refused', async (t) => {
  const booking = await paidBooking(10_000);
  const { actor, bookingId } = booking;
  t.like(await h.activities.refundPayment({ actor, bookingId, refundId: randomUUID(), amountMinor: 6_000 }), {
    amountMinor: 6_000,
    status: 'succeeded',
  });
  const over = await t.throwsAsync(
    h.activities.refundPayment({ actor, bookingId, refundId: randomUUID(), amountMinor: 4_001 }),
  );
  t.is(failureType(over), 'RefundExceedsCaptured');
  // Without an amount: the rest.
  t.like(await h.activities.refundPayment({ actor, bookingId, refundId: randomUUID() }), {
    amountMinor: 4_000,
  });
  const none = await t.throwsAsync(h.activities.refundPayment({ actor, bookingId, refundId: randomUUID() }));
  t.is(failureType(none), 'RefundExceedsCaptured');
  const row = (await h.models.Payment.findOne({ where: { booking_id: bookingId } }))!;
  t.like(row.get({ plain: true }), { captured_minor: 10_000, refunded_minor: 10_000 });
  // localstripe always expands latest_charge.
  const intent = await localstripeObject<{ latest_charge: { amount_refunded: number } }>(
    `/v1/payment_intents/${row.stripe_payment_intent_id}`,
  );
  const charge = intent.latest_charge;
  t.is(charge.amount_refunded, 10_000);
});

test('refunds racing for the same money cannot together exceed what was captured', async (t) => {
  const { actor, bookingId } = await paidBooking(10_000);
  const results = await Promise.allSettled(
    Array.from({ length: 4 }, () =>
      h.activities.refundPayment({ actor, bookingId, refundId: randomUUID(), amountMinor: 4_000 }),
    ),
  );
  t.is(results.filter((r) => r.status === 'fulfilled').length, 2);
  for (const r of results) if (r.status === 'rejected') t.is(failureType(r.reason), 'RefundExceedsCaptured');
  const row = (await h.models.Payment.findOne({ where: { booking_id: bookingId } }))!;
  t.is(row.refunded_minor, 8_000);
});

test('compensation: cancelling a payment that never started is a no-op; a paid one is reported, not cancelled', async (t) => {
  const actor = customer();
  t.deepEqual(await h.activities.cancelPaymentIntent({ actor, bookingId: randomUUID() }), {
    outcome: 'nothing_to_cancel',
  });
  const paid = await paidBooking();
  t.deepEqual(await h.activities.cancelPaymentIntent(paid), {
    outcome: 'not_cancelable',
    status: 'succeeded',
  });
  t.deepEqual(await proxyRequests({ idempotency_key: `booking/${paid.bookingId}/cancel` }), []);
});

test('compensation after a lost answer: a row still creating is settled with the same key, then cancelled', async (t) => {
  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.requiresAction));
  await h.activities.createPaymentIntent(booking);
  // As if the create activity had died after Stripe answered, before recording the answer.
  const row = (await h.models.Payment.findOne({ where: { booking_id: booking.bookingId } }))!;
  row.set({ status: 'creating' });
  row.stripe_payment_intent_id = null;
  await row.save();
  t.deepEqual(await h.activities.cancelPaymentIntent(booking), { outcome: 'canceled' });
  const creates = await proxyRequests({ idempotency_key: `booking/${booking.bookingId}/payment` });
  t.deepEqual(
    creates.map((r) => r.outcome),
    ['forwarded', 'replayed'],
  );
  const after = (await h.models.Payment.findOne({ where: { booking_id: booking.bookingId } }))!;
  t.is(after.stripe_payment_intent_id, creates[0]!.objectId);
  t.is(after.status, 'canceled');
});

test("each activity checks its actor: staff cannot charge, a stranger cannot cancel or refund another customer's payment", async (t) => {
  const staff = { id: randomUUID(), role: 'PLATFORM_ADMIN' as const };
  const charge = bookingFor(staff, await createPaymentMethod(TEST_CARDS.succeeds));
  t.is(failureType(await t.throwsAsync(h.activities.createPaymentIntent(charge))), 'AccessDenied');
  const paid = await paidBooking();
  const stranger = customer();
  t.is(
    failureType(
      await t.throwsAsync(h.activities.cancelPaymentIntent({ actor: stranger, bookingId: paid.bookingId })),
    ),
    'PaymentNotFound',
  );
  t.is(
    failureType(
      await t.throwsAsync(
        h.activities.refundPayment({ actor: stranger, bookingId: paid.bookingId, refundId: randomUUID() }),
      ),
    ),
    'PaymentNotFound',
  );
  t.deepEqual(await proxyRequests({ key_prefix: `booking/${charge.bookingId}/` }), []);
});
