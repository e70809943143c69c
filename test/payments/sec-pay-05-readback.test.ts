import test from 'ava';
import { ApplicationFailure } from '@temporalio/common';
import { bookingFor, customer, paymentsHarness, type PaymentsHarness } from './helpers/payments-db';
import { authenticate, createPaymentMethod, proxyRequests, TEST_CARDS } from './helpers/stripe-stack';

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
  t.like(await h.activities.readPaymentIntent({ ...booking, actor: staff }), { authorised: true });
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

/**
 * A PaymentIntent made at Stripe behind the platform's back, naming `bookingId` in its metadata
 * and paid with a card that needs no 3-D Secure; `captureMinor` set, it is captured by hand for
 * that much. The payment row of the booking is then pointed at it.
 */
async function plantIntent(
  bookingId: string,
  amountMinor: number,
  captureMinor?: number,
): Promise<{ id: string }> {
  const intent = await h.stripe.paymentIntents.create({
    amount: amountMinor,
    currency: 'eur',
    payment_method: await createPaymentMethod(TEST_CARDS.succeeds),
    payment_method_types: ['card'],
    confirm: true,
    metadata: { booking_id: bookingId },
    ...(captureMinor !== undefined && { capture_method: 'manual' as const }),
  } as Parameters<typeof h.stripe.paymentIntents.create>[0]);
  if (captureMinor !== undefined) {
    await h.stripe.paymentIntents.capture(intent.id, { amount_to_capture: captureMinor });
  }
  const row = await rowOf(bookingId);
  row.stripe_payment_intent_id = intent.id;
  await row.save();
  return intent;
}

test('SEC-PAY-05 a succeeded PaymentIntent of this booking for another amount never confirms it', async (t) => {
  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.requiresAction));
  await h.activities.createPaymentIntent(booking);
  await plantIntent(booking.bookingId, booking.amountMinor - 1);
  const err = await t.throwsAsync(h.activities.readPaymentIntent(booking));
  t.true(err instanceof ApplicationFailure && err.nonRetryable);
  t.is((err as ApplicationFailure).type, 'PaymentMismatch');
  t.is((await rowOf(booking.bookingId)).status, 'requires_action', 'nothing of the planted one was recorded');
});

test('SEC-PAY-05 captured equals amount: a succeeded PaymentIntent for the booked amount, captured in part, never confirms', async (t) => {
  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.requiresAction));
  await h.activities.createPaymentIntent(booking);
  await plantIntent(booking.bookingId, booking.amountMinor, booking.amountMinor - 1_000);
  t.like(await h.activities.readPaymentIntent(booking), {
    status: 'succeeded',
    amountMinor: booking.amountMinor,
    confirmable: false,
  });
  // The same made by hand and captured in full confirms: only the part left out made the difference.
  const whole = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.requiresAction));
  await h.activities.createPaymentIntent(whole);
  await plantIntent(whole.bookingId, whole.amountMinor, whole.amountMinor);
  t.like(await h.activities.readPaymentIntent(whole), { status: 'succeeded', confirmable: true });
});

test('SEC-PAY-05 after capture: capturePaymentIntent captures the authorised amount once and answers the read-back; one captured short elsewhere never confirms and is not captured again', async (t) => {
  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.succeeds));
  t.is((await h.activities.createPaymentIntent(booking)).outcome, 'authorised');
  t.like(await h.activities.capturePaymentIntent(booking), {
    status: 'succeeded',
    capturedMinor: booking.amountMinor,
    confirmable: true,
    authorised: false,
  });
  // A retry of the activity sends nothing more: the PaymentIntent is already captured.
  t.like(await h.activities.capturePaymentIntent(booking), { confirmable: true });
  const captures = await proxyRequests({ idempotency_key: `booking/${booking.bookingId}/capture` });
  t.deepEqual(
    captures.map((r) => [r.method, r.outcome]),
    [['POST', 'forwarded']],
  );

  const short = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.requiresAction));
  await h.activities.createPaymentIntent(short);
  await plantIntent(short.bookingId, short.amountMinor, short.amountMinor - 1_000);
  t.like(await h.activities.capturePaymentIntent(short), { status: 'succeeded', confirmable: false });
  t.deepEqual(await proxyRequests({ idempotency_key: `booking/${short.bookingId}/capture` }), []);
});

test('a lapsed authorisation (Stripe cancelled it) is not captured: AuthorisationExpired, no capture request', async (t) => {
  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.requiresAction));
  await h.activities.createPaymentIntent(booking);
  const planted = await h.stripe.paymentIntents.create({
    amount: booking.amountMinor,
    currency: 'eur',
    payment_method: await createPaymentMethod(TEST_CARDS.succeeds),
    payment_method_types: ['card'],
    capture_method: 'manual',
    confirm: true,
    metadata: { booking_id: booking.bookingId },
  } as Parameters<typeof h.stripe.paymentIntents.create>[0]);
  await h.stripe.paymentIntents.cancel(planted.id);
  const row = await rowOf(booking.bookingId);
  row.stripe_payment_intent_id = planted.id;
  await row.save();
  const err = await t.throwsAsync(h.activities.capturePaymentIntent(booking));
  t.true(err instanceof ApplicationFailure && err.nonRetryable);
  t.is((err as ApplicationFailure).type, 'AuthorisationExpired');
  t.deepEqual(await proxyRequests({ idempotency_key: `booking/${booking.bookingId}/capture` }), []);
});
