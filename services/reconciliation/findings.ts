/**
 * Issue 17.5: what the daily reconciliation compares, as pure functions over ids, amounts and
 * statuses (no I/O, so bench/reconciliation.ts measures exactly this). Each finding names one
 * subject: the platform's payment or refund id when the platform has the object, else the Stripe
 * object's id.
 */
export const FINDING_KINDS = [
  'missing_on_platform',
  'missing_on_stripe',
  'amount_differs',
  'status_differs',
  'captured_without_confirmed_booking',
  'authorisation_open',
  'refund_missing_on_platform',
  'refund_missing_on_stripe',
  'refund_amount_differs',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  subject: string;
  paymentId?: string;
  stripeAmountMinor?: number;
  platformAmountMinor?: number;
  currency?: string;
  stripeStatus?: string;
  platformStatus?: string;
}

export interface StripeChargeView {
  id: string;
  paymentIntentId: string | null;
  amountMinor: number;
  /** Upper case, as the platform stores it. */
  currency: string;
  captured: boolean;
}

export interface PlatformPaymentView {
  id: string;
  bookingId: string;
  paymentIntentId: string | null;
  amountMinor: number;
  currency: string;
  status: string;
  bookingStatus: string | null;
  /** The end of the stay or trip (epoch ms), when the booking says. */
  bookingEndMs: number | null;
}

export interface StripeIntentView {
  status: string;
  amountMinor: number;
  currency: string;
}

export interface StripeRefundView {
  id: string;
  amountMinor: number;
}

export interface PlatformRefundView {
  id: string;
  paymentId: string;
  amountMinor: number;
}

/** Bookings whose money may be captured: confirmed, or confirmed once and cancelled since. */
const CAPTURE_ALLOWED = new Set(['CONFIRMED', 'CANCELLED']);
/** Bookings that no longer wait for a capture: an authorisation still open on one is stale. */
const AUTHORISATION_SETTLED = new Set(['CONFIRMED', 'FAILED', 'CANCELLED']);

/** One Stripe charge of the day against the platform payment of its PaymentIntent, if any. */
export function compareCharge(charge: StripeChargeView, payment: PlatformPaymentView | undefined): Finding[] {
  if (!payment) {
    return [
      {
        kind: 'missing_on_platform',
        subject: charge.id,
        stripeAmountMinor: charge.amountMinor,
        currency: charge.currency,
      },
    ];
  }
  const found: Finding[] = [];
  if (charge.amountMinor !== payment.amountMinor || charge.currency !== payment.currency) {
    found.push({
      kind: 'amount_differs',
      subject: payment.id,
      paymentId: payment.id,
      stripeAmountMinor: charge.amountMinor,
      platformAmountMinor: payment.amountMinor,
      currency: payment.currency,
    });
  }
  if (charge.captured && !CAPTURE_ALLOWED.has(payment.bookingStatus ?? '')) {
    found.push({
      kind: 'captured_without_confirmed_booking',
      subject: payment.id,
      paymentId: payment.id,
      stripeAmountMinor: charge.amountMinor,
      currency: payment.currency,
      ...(payment.bookingStatus ? { platformStatus: payment.bookingStatus } : {}),
    });
  }
  return found;
}

export interface IntentComparison {
  findings: Finding[];
  /** The authorisation outlived its booking: the one fix reconciliation makes itself. */
  cancelAuthorisation: boolean;
}

/** One platform payment of the day against its PaymentIntent as Stripe has it (null: unknown). */
export function compareIntent(
  payment: PlatformPaymentView,
  intent: StripeIntentView | null,
  nowMs: number,
): IntentComparison {
  const base = { subject: payment.id, paymentId: payment.id, platformStatus: payment.status };
  if (!intent) {
    return {
      findings: [{ kind: 'missing_on_stripe', ...base, platformAmountMinor: payment.amountMinor }],
      cancelAuthorisation: false,
    };
  }
  const findings: Finding[] = [];
  if (intent.status !== payment.status) {
    findings.push({ kind: 'status_differs', ...base, stripeStatus: intent.status });
  }
  const ended = payment.bookingEndMs !== null && payment.bookingEndMs <= nowMs;
  const stale =
    intent.status === 'requires_capture' && (ended || AUTHORISATION_SETTLED.has(payment.bookingStatus ?? ''));
  if (stale) {
    findings.push({
      kind: 'authorisation_open',
      subject: payment.id,
      paymentId: payment.id,
      stripeAmountMinor: intent.amountMinor,
      currency: payment.currency,
      stripeStatus: intent.status,
      ...(payment.bookingStatus ? { platformStatus: payment.bookingStatus } : {}),
    });
  }
  return { findings, cancelAuthorisation: stale && ended };
}

/** One Stripe refund of the day against the platform's refund of the same Stripe id, if any. */
export function compareStripeRefund(
  refund: StripeRefundView,
  platform: PlatformRefundView | undefined,
): Finding[] {
  if (!platform) {
    return [
      { kind: 'refund_missing_on_platform', subject: refund.id, stripeAmountMinor: refund.amountMinor },
    ];
  }
  if (platform.amountMinor === refund.amountMinor) return [];
  return [
    {
      kind: 'refund_amount_differs',
      subject: platform.id,
      paymentId: platform.paymentId,
      stripeAmountMinor: refund.amountMinor,
      platformAmountMinor: platform.amountMinor,
    },
  ];
}

/** A platform refund recorded as issued whose Stripe refund Stripe does not know. */
export function refundMissingOnStripe(platform: PlatformRefundView): Finding {
  return {
    kind: 'refund_missing_on_stripe',
    subject: platform.id,
    paymentId: platform.paymentId,
    platformAmountMinor: platform.amountMinor,
  };
}
