import { ApplicationFailure } from '@temporalio/common';
import Stripe from 'stripe';

/*
 * How every payment activity talks to Stripe: with keys that make a retried mutation happen
 * once (SEC-PAY-02), and with Stripe's errors turned into Temporal failures that say whether a
 * retry can help, without Stripe's message.
 */

/**
 * SEC-PAY-02: every Stripe mutation's idempotency key derives from our own ids only, never from
 * time or randomness, so every retry of an activity (any attempt, any worker) sends the same key
 * and Stripe executes the mutation once. The Stripe client's own random key would not survive a
 * retry.
 */
export const idempotencyKeys = {
  payment: (bookingId: string) => `booking/${bookingId}/payment`,
  cancel: (bookingId: string) => `booking/${bookingId}/cancel`,
  capture: (bookingId: string) => `booking/${bookingId}/capture`,
  refund: (refundId: string) => `refund/${refundId}`,
  /** A booking change that costs more: its own PaymentIntent, and taking it back (issue 18.2). */
  changeCharge: (bookingId: string, offerId: string) => `booking/${bookingId}/change/${offerId}/charge`,
  changeChargeRefund: (bookingId: string, offerId: string) =>
    `booking/${bookingId}/change/${offerId}/charge-refund`,
  changeChargeCancellationRefund: (bookingId: string, offerId: string) =>
    `booking/${bookingId}/change/${offerId}/cancellation-refund`,
};

/**
 * Stripe refusals that another attempt with the same key cannot change: bad parameters, a key
 * reused with other parameters, a wrong or restricted API key. Everything else Stripe says (5xx,
 * 409 key in use, 429, no answer) is transient and left to Temporal's retries.
 */
const PERMANENT = new Set([
  'StripeInvalidRequestError',
  'StripeIdempotencyError',
  'StripeAuthenticationError',
  'StripePermissionError',
  'StripeCardError',
]);

export function isStripeError(err: unknown): err is Stripe.errors.StripeError {
  return err instanceof Stripe.errors.StripeError;
}

/**
 * The failure an activity throws for a Stripe error: its type, code and status only. Stripe's
 * message can quote ids and parameters, which must not reach logs or workflow history.
 */
export function stripeFailure(err: unknown, operation: string): unknown {
  if (!isStripeError(err)) return err;
  const code = err.code ? `/${err.code}` : '';
  const status = err.statusCode ? ` (HTTP ${err.statusCode})` : '';
  const message = `${operation}: ${err.type}${code}${status}`;
  return PERMANENT.has(err.type)
    ? ApplicationFailure.nonRetryable(message, err.type)
    : ApplicationFailure.retryable(message, err.type);
}

const FAILURE_CODE = /^[a-z0-9_]{1,64}$/;

/** The first of Stripe's codes that looks like one (stored in a constrained column), else null. */
export function failureCodeOf(...candidates: unknown[]): string | null {
  for (const c of candidates) if (typeof c === 'string' && FAILURE_CODE.test(c)) return c;
  return null;
}
