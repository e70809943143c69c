import type Stripe from 'stripe';
import type { PaymentActivityDeps } from './create-payment-intent';
import { idempotencyKeys } from './idempotency-keys';
import { assertMay, assertOwnsOrStaff } from './payment-access';
import { assertUuid } from './payment-input';
import { findPayment } from './payment-rows';
import { sendCreate } from './send-create';
import { isStripeError, stripeFailure } from './stripe-failures';
import type { BookingPaymentInput, CancelOutcome } from './types';

/** Where money has moved: Stripe cannot cancel, only refund. */
const MONEY_MOVED = new Set(['succeeded', 'processing']);

async function retrieve(stripe: Stripe, id: string): Promise<Stripe.PaymentIntent> {
  try {
    return await stripe.paymentIntents.retrieve(id);
  } catch (err) {
    throw stripeFailure(err, 'read PaymentIntent');
  }
}

/**
 * `cancelPaymentIntent` (payments queue), the booking saga's compensation for the payment step,
 * with `booking/<id>/cancel`. A compensation for a payment that never started is a no-op. A row
 * still `creating` means the create activity may have reached Stripe without recording the
 * answer: its exact request is sent again first, so Stripe answers with the PaymentIntent it made
 * (or makes it now), and that one is cancelled. Money that has moved is reported, not cancelled.
 */
export function createCancelPaymentIntent({ stripe, models }: PaymentActivityDeps) {
  return async function cancelPaymentIntent(input: BookingPaymentInput): Promise<CancelOutcome> {
    assertMay(input.actor, ['book', 'cancel_booking']);
    assertUuid(input.bookingId, 'bookingId');
    const row = await findPayment(models, input.bookingId);
    if (!row) return { outcome: 'nothing_to_cancel' };
    assertOwnsOrStaff(input.actor, row.user_id);
    if (row.status === 'creating') await sendCreate(stripe, row);
    const intentId = row.stripe_payment_intent_id;
    if (!intentId) return { outcome: 'nothing_to_cancel' };

    const before = await retrieve(stripe, intentId);
    if (before.status === 'canceled') return { outcome: 'canceled' };
    if (MONEY_MOVED.has(before.status)) return { outcome: 'not_cancelable', status: before.status };
    try {
      await stripe.paymentIntents.cancel(
        intentId,
        {},
        { idempotencyKey: idempotencyKeys.cancel(row.booking_id) },
      );
    } catch (err) {
      // It moved on between the read and the cancel (3-D Secure completed): report what it is now.
      if (!isStripeError(err) || err.type !== 'StripeInvalidRequestError') throw stripeFailure(err, 'cancel');
      const now = await retrieve(stripe, intentId);
      if (now.status === 'canceled') return { outcome: 'canceled' };
      if (MONEY_MOVED.has(now.status)) return { outcome: 'not_cancelable', status: now.status };
      throw stripeFailure(err, 'cancel PaymentIntent');
    }
    row.set({ status: 'canceled' });
    await row.save();
    return { outcome: 'canceled' };
  };
}
