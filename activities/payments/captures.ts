import { ApplicationFailure } from '@temporalio/common';
import type Stripe from 'stripe';
import type { Payment } from '../../db/models/payment';
import type { PaymentActivityDeps } from './payment-activities';
import { assertMay, assertOwnsOrStaff, assertUuid, findPayment, paymentNotFound } from './payment-rows';
import { readBack } from './stripe-payment-intents';
import { idempotencyKeys, isStripeError, stripeFailure } from './stripe-requests';
import type { BookingPaymentInput, PaymentReadback } from './types';

/** Stripe cancels an authorisation that lapses: nothing is left to capture. */
function authorisationExpired(): ApplicationFailure {
  return ApplicationFailure.nonRetryable('the card authorisation lapsed', 'AuthorisationExpired');
}

async function statusOf(stripe: Stripe, intentId: string): Promise<string> {
  try {
    return (await stripe.paymentIntents.retrieve(intentId)).status;
  } catch (err) {
    throw stripeFailure(err, 'read PaymentIntent');
  }
}

/**
 * Captures exactly the booked amount with `booking/<id>/capture` (SEC-PAY-02), so a retried
 * activity captures once. A PaymentIntent already `succeeded` is not captured again (a retry
 * whose answer was lost, or a capture made elsewhere): the read-back decides what it is worth.
 */
async function sendCapture(stripe: Stripe, row: Payment, intentId: string): Promise<void> {
  const before = await statusOf(stripe, intentId);
  if (before === 'succeeded') return;
  if (before === 'canceled') throw authorisationExpired();
  if (before !== 'requires_capture') {
    throw ApplicationFailure.nonRetryable(
      `a ${before} PaymentIntent cannot be captured`,
      'PaymentNotAuthorised',
    );
  }
  try {
    await stripe.paymentIntents.capture(
      intentId,
      { amount_to_capture: row.amount_minor },
      { idempotencyKey: idempotencyKeys.capture(row.booking_id) },
    );
  } catch (err) {
    // It lapsed (Stripe cancelled it) or was captured between the read and the capture.
    if (!isStripeError(err) || err.type !== 'StripeInvalidRequestError') throw stripeFailure(err, 'capture');
    const now = await statusOf(stripe, intentId);
    if (now === 'canceled') throw authorisationExpired();
    if (now !== 'succeeded') throw stripeFailure(err, 'capture PaymentIntent');
  }
}

/** The capture activity of the payments pool (payment-activities.ts builds them all). */
export function captureActivities({ stripe, models }: PaymentActivityDeps) {
  return {
    /**
     * `capturePaymentIntent` (payments queue): the booking saga's capture, run only after the
     * supplier confirmed. Answers Stripe's read-back after the capture (SEC-PAY-05): the saga
     * confirms only when it is `confirmable`, i.e. Stripe captured the whole booked amount.
     */
    async capturePaymentIntent(input: BookingPaymentInput): Promise<PaymentReadback> {
      assertMay(input.actor, ['book']);
      assertUuid(input.bookingId, 'bookingId');
      const row = await findPayment(models, input.bookingId);
      if (!row) throw paymentNotFound();
      assertOwnsOrStaff(input.actor, row.user_id);
      const intentId = row.stripe_payment_intent_id;
      if (!intentId) {
        throw ApplicationFailure.nonRetryable('the payment has no PaymentIntent yet', 'PaymentNotStarted');
      }
      await sendCapture(stripe, row, intentId);
      return readBack(stripe, row);
    },
  };
}
