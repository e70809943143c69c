import test from 'ava';
import { ApplicationFailure } from '@temporalio/common';
import { authenticate, createPaymentMethod, localstripeObject, TEST_CARDS } from './helpers/stripe-stack';
import { bookingFor, customer, paymentsHarness, type PaymentsHarness } from './helpers/payments-db';

let h: PaymentsHarness;
test.before(async () => {
  h = await paymentsHarness();
});
test.after.always(() => h?.close());

test('4242 4242 4242 4242 succeeds: the PaymentIntent is authorised (manual capture) at creation and the row says so', async (t) => {
  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.succeeds));
  const attempt = await h.activities.createPaymentIntent(booking);
  t.is(attempt.outcome, 'authorised');
  const row = (await h.models.Payment.findOne({ where: { booking_id: booking.bookingId } }))!;
  t.like(row.get({ plain: true }), {
    status: 'requires_capture',
    card_brand: 'visa',
    card_last4: '4242',
    amount_minor: 12_345,
  });
  const intent = await localstripeObject<{ status: string; capture_method: string; metadata: object }>(
    `/v1/payment_intents/${row.stripe_payment_intent_id}`,
  );
  t.like(intent, { status: 'requires_capture', capture_method: 'manual' });
  t.deepEqual(intent.metadata, { booking_id: booking.bookingId });
  t.like(await h.activities.readPaymentIntent(booking), {
    authorised: true,
    capturedMinor: 0,
    confirmable: false,
  });
});

test('4000 0000 0000 0341 is declined: a result naming the decline, not an error', async (t) => {
  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.declined));
  const attempt = await h.activities.createPaymentIntent(booking);
  t.like(attempt, { outcome: 'declined', failureCode: 'card_declined' });
  const row = (await h.models.Payment.findOne({ where: { booking_id: booking.bookingId } }))!;
  t.is(row.status, 'requires_payment_method');
  t.is(row.card_last4, '0341');
  // The declined PaymentIntent is known, so the saga's compensation can cancel it.
  t.regex(row.stripe_payment_intent_id ?? '', /^pi_/);
  t.deepEqual(await h.activities.cancelPaymentIntent(booking), { outcome: 'canceled' });
});

test('SEC-PAY-05 4000 0025 0000 3155 requires 3-D Secure: not authorised until the customer authenticates, confirmable only once captured', async (t) => {
  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.requiresAction));
  const attempt = await h.activities.createPaymentIntent(booking);
  if (attempt.outcome !== 'requires_action')
    return t.fail(`expected requires_action, got ${attempt.outcome}`);
  t.regex(attempt.clientSecret, /^pi_\w+_secret_\w+$/);
  t.like(await h.activities.readPaymentIntent(booking), {
    status: 'requires_action',
    authorised: false,
    confirmable: false,
  });

  const intentId = attempt.clientSecret.split('_secret_')[0]!;
  await authenticate(intentId, attempt.clientSecret, true);
  t.like(await h.activities.readPaymentIntent(booking), {
    status: 'requires_capture',
    authorised: true,
    confirmable: false,
  });
  t.like(await h.activities.capturePaymentIntent(booking), {
    status: 'succeeded',
    capturedMinor: booking.amountMinor,
    confirmable: true,
  });
});

test('a PaymentMethod id is the only card reference: a card number as paymentMethodId is refused without retry', async (t) => {
  const booking = bookingFor(customer(), TEST_CARDS.succeeds);
  const err = await t.throwsAsync(h.activities.createPaymentIntent(booking));
  t.true(err instanceof ApplicationFailure && err.nonRetryable);
  t.is((err as ApplicationFailure).type, 'InvalidPaymentInput');
  t.is(await h.models.Payment.count({ where: { booking_id: booking.bookingId } }), 0);
});
