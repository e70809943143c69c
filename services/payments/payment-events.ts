import type { Logger } from '../../lib/logger';
import type { SignedEvent } from './webhook-signature';

/** A verified, first-seen Stripe event about a PaymentIntent, narrowed to what workflows need. */
export interface PaymentEvent {
  eventId: string;
  type: string;
  paymentIntentId: string | null;
  /** From the PaymentIntent's metadata (the platform puts only the booking id there). */
  bookingId: string | null;
  status: string | null;
}

/**
 * Where accepted events go. The booking workflow's issue turns them into workflow signals; until
 * then the default port only records them. A port that throws makes the webhook answer 500 and
 * the event stay unseen, so Stripe's redelivery is accepted later.
 */
export interface PaymentEventPort {
  onPaymentEvent(event: PaymentEvent): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function paymentEventOf(event: SignedEvent): PaymentEvent {
  const o = event.object;
  const isIntent = o.object === 'payment_intent';
  const metadata = (o.metadata ?? {}) as Record<string, unknown>;
  const bookingId =
    typeof metadata.booking_id === 'string' && UUID.test(metadata.booking_id) ? metadata.booking_id : null;
  return {
    eventId: event.id,
    type: event.type,
    paymentIntentId: isIntent && typeof o.id === 'string' ? o.id : null,
    bookingId: isIntent ? bookingId : null,
    status: isIntent && typeof o.status === 'string' ? o.status : null,
  };
}

/** The port until the booking workflow listens: a log line (type and booking id, no Stripe ids). */
export function recordingPaymentEventPort(logger: Logger): PaymentEventPort {
  return {
    async onPaymentEvent(event) {
      logger.info(
        {
          action: 'payment.webhook',
          result: 'recorded',
          event_type: event.type,
          booking_id: event.bookingId,
        },
        'Stripe event recorded',
      );
    },
  };
}
