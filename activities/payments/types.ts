import type { Actor } from '../../lib/rbac';

/**
 * What the payment activities take and give. Ids and amounts only: no card data, no personal
 * data, and no Stripe ids (they stay encrypted in `payments`); the booking id names the payment.
 */
export interface CreatePaymentIntentInput {
  actor: Actor;
  bookingId: string;
  /** Integer minor units (cents). */
  amountMinor: number;
  /** ISO 4217, upper case (services/payments/payment-rules.ts PAYMENT_CURRENCIES). */
  currency: string;
  /** The PaymentMethod Stripe.js created in the browser: the only card reference accepted. */
  paymentMethodId: string;
}

/** A declined card or a 3-D Secure challenge is a result for the workflow, not an error. */
export type PaymentAttempt =
  /** The card is authorised for the whole amount (manual capture): the saga captures later. */
  | { outcome: 'authorised'; paymentId: string }
  | { outcome: 'succeeded'; paymentId: string }
  | { outcome: 'processing'; paymentId: string }
  /** The client completes authentication with Stripe.js using `clientSecret`; the workflow waits. */
  | { outcome: 'requires_action'; paymentId: string; clientSecret: string }
  | { outcome: 'declined'; paymentId: string; failureCode: string };

export interface BookingPaymentInput {
  actor: Actor;
  bookingId: string;
}

/** SEC-PAY-05: what Stripe says now about the booking's PaymentIntent. */
export interface PaymentReadback {
  paymentId: string;
  status: string;
  amountMinor: number;
  currency: string;
  capturedMinor: number;
  /** Only this lets a booking confirm: Stripe says succeeded and captured the booked amount. */
  confirmable: boolean;
  /** Stripe holds an authorisation (`requires_capture`) for exactly the booked amount, not captured. */
  authorised: boolean;
  /** When the card was authorised (the charge's creation, epoch ms); null before. */
  authorisedAtMs: number | null;
  /** Stripe's `capture_before` (epoch ms) when it gives one; localstripe does not. */
  captureBeforeMs: number | null;
  /** Stripe's code for the last failed attempt (a decline), when there is one. */
  failureCode: string | null;
}

/** SEC-PAY-06: a card Stripe declined for the booking, reported by the booking workflow. */
export interface RecordDeclineInput {
  actor: Actor;
  bookingId: string;
  /** Stripe's decline code (`card_declined`, `insufficient_funds`, ...). */
  declineCode: string;
}

export interface DeclineRecorded {
  /** The user's declines inside the window, this one included. */
  declines: number;
  /** While the user's payments are blocked: until when (ISO 8601). */
  blockedUntil: string | null;
  /** This decline set the block. */
  newBlock: boolean;
}

export type CancelOutcome =
  | { outcome: 'canceled' }
  /** Compensation for a payment that never existed: nothing to do. */
  | { outcome: 'nothing_to_cancel' }
  /** Money moved (succeeded or processing): refund instead. */
  | { outcome: 'not_cancelable'; status: string };

export interface RefundPaymentInput {
  actor: Actor;
  bookingId: string;
  /** The refund's own id (UUID): its idempotency key is `refund/<refundId>`. */
  refundId: string;
  /** Defaults to everything captured and not yet refunded. */
  amountMinor?: number;
}

export interface RefundResult {
  refundId: string;
  amountMinor: number;
  /** Stripe's refund status: `succeeded`, or `pending` while the card network works. */
  status: string;
}
