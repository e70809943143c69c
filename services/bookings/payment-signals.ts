import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { BookingModels } from '../../db/models/booking-models';
import { paymentEventSignal } from './booking-saga';
import type { PaymentEventPort } from '../payments/payment-events';

/**
 * SEC-PAY-03's last step: a verified, first-seen Stripe event about a booking's PaymentIntent
 * becomes a `paymentEvent` signal to that booking's workflow, which then reads the PaymentIntent
 * back from Stripe (SEC-PAY-05) rather than trusting the event. Events naming no booking, or a
 * booking that is no longer running, are dropped; a Temporal outage throws (the webhook answers
 * 500 and Stripe redelivers).
 */
export function bookingSignalPort(deps: { models: BookingModels; temporal: Client }): PaymentEventPort {
  return {
    async onPaymentEvent(event) {
      if (!event.bookingId) return;
      const booking = await deps.models.Booking.findByPk(event.bookingId, {
        attributes: ['id', 'workflow_id'],
      });
      if (!booking) return;
      try {
        await deps.temporal.workflow
          .getHandle(booking.workflow_id)
          .signal(paymentEventSignal, { eventId: event.eventId, status: event.status });
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return;
        throw err;
      }
    },
  };
}
