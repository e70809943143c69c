import test from 'ava';
import { ApplicationFailure } from '@temporalio/common';
import { bookingFor, customer, paymentsHarness, type PaymentsHarness } from './helpers/payments-db';
import { authenticate, createPaymentMethod, TEST_CARDS } from './helpers/stripe-stack';

let h: PaymentsHarness;
test.before(async () => {
  h = await paymentsHarness();
});
test.after.always(() => h?.close());

async function rowOf(bookingId: string) {
  return (await h.models.Payment.findOne({ where: { booking_id: bookingId } }))!;
}

test('SEC-PAY-05 the readback reports what Stripe says, whatever the row claims', async (t) => {
  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.requiresAction));
  const attempt = await h.activities.createPaymentIntent(booking);
  t.is(attempt.outcome, 'requires_action');
  // A row (or a forged signal) claiming success confirms nothing: Stripe is asked.
  const row = await rowOf(booking.bookingId);
  row.set({ status: 'succeeded' });
  await row.save();
  t.like(await h.activities.readPaymentIntent(booking), { status: 'requires_action', confirmable: false });
  t.is((await rowOf(booking.bookingId)).status, 'requires_action', 'the readback corrected the row');

  if (attempt.outcome !== 'requires_action') return;
  await authenticate(row.stripe_payment_intent_id!, attempt.clientSecret, false);
  t.like(await h.activities.readPaymentIntent(booking), {
    status: 'requires_payment_method',
    confirmable: false,
  });
});

test('SEC-PAY-05 a succeeded PaymentIntent of another booking never confirms this one', async (t) => {
  const actor = customer();
  const mine = bookingFor(actor, await createPaymentMethod(TEST_CARDS.requiresAction));
  const other = bookingFor(actor, await createPaymentMethod(TEST_CARDS.succeeds));
  await h.activities.createPaymentIntent(mine);
  await h.activities.createPaymentIntent(other);
  const row = await rowOf(mine.bookingId);
  row.stripe_payment_intent_id = (await rowOf(other.bookingId)).stripe_payment_intent_id;
  await row.save();
  const err = await t.throwsAsync(h.activities.readPaymentIntent(mine));
  t.true(err instanceof ApplicationFailure && err.nonRetryable);
  t.is((err as ApplicationFailure).type, 'PaymentMismatch');
});

test('SEC-PAY-05 the readback is for the booker or platform staff only; another customer learns nothing', async (t) => {
  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.succeeds));
  await h.activities.createPaymentIntent(booking);
  const stranger = await t.throwsAsync(h.activities.readPaymentIntent({ ...booking, actor: customer() }));
  t.is((stranger as ApplicationFailure).type, 'PaymentNotFound');
  const staff = { id: customer().id, role: 'PLATFORM_ADMIN' as const };
  t.like(await h.activities.readPaymentIntent({ ...booking, actor: staff }), { confirmable: true });
  const business = { id: booking.actor.id, role: 'NOBODY' as never };
  t.is(
    (
      (await t.throwsAsync(
        h.activities.readPaymentIntent({ ...booking, actor: business }),
      )) as ApplicationFailure
    ).type,
    'AccessDenied',
  );
});
