import { uuid4, workflowInfo } from '@temporalio/workflow';
import type { AuditEvent } from '../../lib/audit/event';
import type { BookingStatus, BookingWorkflowInput } from './messages';

/**
 * The audit event of one status change (SEC-LOG-03), built in workflow code so a retried write
 * carries the same event id and time (activities/audit/write-audit.ts). The workflow acts as
 * the system on the booker's behalf; people's acts (create, cancel) are audited by the services.
 */
export function statusChangeEvent(
  input: BookingWorkflowInput,
  status: BookingStatus,
  reason: string | null,
): AuditEvent {
  const base = {
    eventId: uuid4(),
    occurredAt: new Date().toISOString(),
    actor: { type: 'system' as const, id: 'booking-workflow' },
    originIp: null,
    resource: { type: 'booking', id: input.bookingId },
  };
  const common = { workflowId: workflowInfo().workflowId };
  const money = { amountMinor: input.amountMinor, currency: input.currency };
  // CANCELLED is a status change like any other here: `booking.cancelled`, naming who asked and
  // from where, is the cancelling service's (services/bookings/cancellation-audit.ts).
  switch (status) {
    case 'FAILED':
      return {
        ...base,
        type: 'booking.modified',
        outcome: 'failure',
        details: { ...common, ...money, change: `status:FAILED:${reason ?? 'step_failed'}` },
      };
    case 'PAID':
      return { ...base, type: 'payment.succeeded', outcome: 'success', details: { ...common, ...money } };
    default:
      return {
        ...base,
        type: 'booking.modified',
        outcome: 'success',
        details: { ...common, ...money, change: `status:${status}` },
      };
  }
}

/**
 * SEC-LOG-03's payment events: `payment.started` as the PaymentIntent is asked for, and
 * `payment.failed` when a started payment ends without the money (a decline with Stripe's code,
 * a timeout, a refusal of a blocked user, a cancellation: the reason code says which).
 */
export function paymentEvent(
  input: BookingWorkflowInput,
  type: 'payment.started' | 'payment.failed',
  reason: string | null = null,
): AuditEvent {
  return {
    eventId: uuid4(),
    occurredAt: new Date().toISOString(),
    actor: { type: 'system', id: 'booking-workflow' },
    originIp: null,
    resource: { type: 'booking', id: input.bookingId },
    type,
    outcome: type === 'payment.started' ? 'success' : 'failure',
    details: {
      workflowId: workflowInfo().workflowId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      ...(type === 'payment.failed' && { declineCode: reason ?? 'payment_failed' }),
    },
  };
}
