import test from 'ava';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import {
  idempotencyKeys,
  paymentIntentParams,
  refundParams,
} from '../../activities/payments/payment-activities';
import { isStripeError } from '../../activities/payments/stripe-requests';
import { loadConfig } from '../../lib/config';
import { customer, paymentsHarness, type PaymentsHarness } from './helpers/payments-db';

/**
 * Contract: the platform's Stripe calls, sent to stripe-mock (Stripe's official mock, built from
 * Stripe's API description), are accepted as Stripe's shapes. stripe-mock is stateless and
 * answers fixtures, so the outcomes are not checked here, only that no call is refused as an
 * invalid request.
 */
const mockUrl = loadConfig().stripe.mockUrl;
let h: PaymentsHarness;
test.before(async () => {
  if (!mockUrl) throw new Error('STRIPE_MOCK_URL is not set: run through scripts/with-env.sh');
  h = await paymentsHarness(mockUrl);
});
test.after.always(() => h?.close());

function notAShapeError(t: import('ava').ExecutionContext, err: unknown) {
  const type = err instanceof ApplicationFailure ? err.type : isStripeError(err) ? err.type : String(err);
  t.not(type, 'StripeInvalidRequestError', 'stripe-mock refused the request shape');
}

test("stripe-mock refuses a request that is not Stripe's shape (so this contract can fail)", async (t) => {
  const err = await t.throwsAsync(
    h.stripe.paymentIntents.create({ amount: 100, currency: 'eur', not_a_stripe_field: 1 } as never),
  );
  t.true(isStripeError(err) && err.type === 'StripeInvalidRequestError');
});

test("the PaymentIntent creation and the refund requests are Stripe's shapes", async (t) => {
  const bookingId = randomUUID();
  const intent = await h.stripe.paymentIntents.create(
    paymentIntentParams({
      amount_minor: 12_345,
      currency: 'EUR',
      stripe_payment_method_id: 'pm_1ContractCheck',
      booking_id: bookingId,
    }),
    { idempotencyKey: idempotencyKeys.payment(bookingId) },
  );
  t.regex(intent.id, /^pi_/);
  const refund = await h.stripe.refunds.create(
    refundParams(
      { stripe_payment_intent_id: intent.id, booking_id: bookingId },
      { id: randomUUID(), amount_minor: 100 },
    ),
    { idempotencyKey: idempotencyKeys.refund(randomUUID()) },
  );
  t.regex(refund.id, /^re_/);
});

test('the activities themselves run their Stripe calls against stripe-mock without a shape refusal', async (t) => {
  const actor = customer();
  const booking = {
    actor,
    bookingId: randomUUID(),
    amountMinor: 5_000,
    currency: 'EUR',
    paymentMethodId: 'pm_1Contract',
  };
  // PaymentMethod read, PaymentIntent create and confirm.
  const attempt = await h.activities.createPaymentIntent(booking);
  t.truthy(attempt.outcome);
  // Readback with the charge expanded: stripe-mock's fixture is not this booking's, which the
  // activity notices (PaymentMismatch) only after Stripe accepted the request.
  const read = await t.throwsAsync(h.activities.readPaymentIntent(booking));
  notAShapeError(t, read);
  t.is((read as ApplicationFailure).type, 'PaymentMismatch');
  // Read, then cancel (the fixture is cancelable, so the cancel request is sent).
  const cancel = await h.activities.cancelPaymentIntent(booking).catch((err: unknown) => err);
  notAShapeError(t, cancel);
  t.deepEqual(cancel, { outcome: 'canceled' });
});
