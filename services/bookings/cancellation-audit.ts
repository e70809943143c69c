import { personEvent, type AuditOutcome } from '../../lib/audit';
import type { Actor } from '../../lib/rbac';
import type { BookingOrigin, BookingsDeps } from './deps';

/**
 * SEC-LOG-03: `booking.cancelled` names whoever asked for the cancellation (the booker, or the
 * administrator acting on someone else's booking) and where from. The service writes it, as it
 * writes `booking.created`: it holds the actor and the client address, and the workflow carries
 * ids only; the workflow records the status change itself as the system (`booking.modified`).
 */
export async function auditCancellation(
  deps: Pick<BookingsDeps, 'audit'>,
  actor: Actor,
  origin: BookingOrigin,
  cancellation: {
    bookingId: string;
    workflowId: string;
    reason: 'customer_request' | 'support';
    outcome: Extract<AuditOutcome, 'success' | 'failure'>;
    /** The confirmed quote the cancellation was priced on, and the refund it promised. */
    quote?: { id: string; refundMinor: number };
  },
): Promise<void> {
  await deps.audit.append(
    personEvent(actor, origin, {
      type: 'booking.cancelled',
      outcome: cancellation.outcome,
      resource: { type: 'booking', id: cancellation.bookingId },
      details: {
        reason: cancellation.reason,
        workflowId: cancellation.workflowId,
        ...(cancellation.quote && {
          quoteId: cancellation.quote.id,
          refundMinor: cancellation.quote.refundMinor,
        }),
      },
    }),
  );
}
