import { ApplicationFailure } from '@temporalio/common';
import type Stripe from 'stripe';
import type { Payment, PaymentStatus } from '../../db/models/payment';
import type { PaymentActivityDeps } from './create-payment-intent';
import { assertMay, assertOwnsOrStaff, paymentNotFound } from './payment-access';
import { assertUuid } from './payment-input';
import { findPayment } from './payment-rows';
import { failureCodeOf, stripeFailure } from './stripe-failures';
import type { BookingPaymentInput, PaymentReadback } from './types';

function capturedOf(intent: Stripe.PaymentIntent): number {
  const charge = intent.latest_charge;
  if (!charge || typeof charge === 'string' || !charge.captured) return 0;
  // localstripe's charges carry no amount_captured; a captured charge there is captured in full.
  return typeof charge.amount_captured === 'number' ? charge.amount_captured : charge.amount;
}

/**
 * Reads the booking's PaymentIntent from Stripe and records its status and captured amount on
 * the row. Refuses a PaymentIntent that is not this booking's (other booking id in its
 * metadata, other amount or currency): nothing stored or signalled can stand in for Stripe.
 */
export async function readBack(stripe: Stripe, row: Payment): Promise<PaymentReadback> {
  const intentId = row.stripe_payment_intent_id;
  if (!intentId) {
    throw ApplicationFailure.nonRetryable('the payment has no PaymentIntent yet', 'PaymentNotStarted');
  }
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.paymentIntents.retrieve(intentId, { expand: ['latest_charge'] });
  } catch (err) {
    throw stripeFailure(err, 'read PaymentIntent');
  }
  if (
    intent.metadata?.booking_id !== row.booking_id ||
    intent.amount !== row.amount_minor ||
    intent.currency !== row.currency.toLowerCase()
  ) {
    throw ApplicationFailure.nonRetryable('the PaymentIntent does not match the booking', 'PaymentMismatch');
  }
  const capturedMinor = capturedOf(intent);
  const failureCode = failureCodeOf(intent.last_payment_error?.decline_code, intent.last_payment_error?.code);
  row.set({
    status: intent.status as PaymentStatus,
    captured_minor: capturedMinor,
    failure_code: failureCode,
  });
  await row.save();
  return {
    paymentId: row.id,
    status: intent.status,
    amountMinor: row.amount_minor,
    currency: row.currency,
    capturedMinor,
    confirmable: intent.status === 'succeeded' && capturedMinor === row.amount_minor,
    failureCode,
  };
}

/**
 * `readPaymentIntent` (payments queue), SEC-PAY-05: the booking workflow confirms only on this
 * activity's `confirmable`, read from Stripe, never on a webhook or a stored status alone.
 */
export function createReadPaymentIntent({ stripe, models }: PaymentActivityDeps) {
  return async function readPaymentIntent(input: BookingPaymentInput): Promise<PaymentReadback> {
    assertMay(input.actor, ['view_own_bookings', 'view_all_bookings']);
    assertUuid(input.bookingId, 'bookingId');
    const row = await findPayment(models, input.bookingId);
    if (!row) throw paymentNotFound();
    assertOwnsOrStaff(input.actor, row.user_id);
    return readBack(stripe, row);
  };
}
