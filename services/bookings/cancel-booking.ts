import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { cancelBookingUpdate, type CancelResult } from './booking-saga';
import { errors } from '../../lib/errors';
import { assertCan, can, type Actor } from '../../lib/rbac';
import { bookingNotFound, bookingNotVisible, canSee } from './booking-access';
import { bookingDenialsAudited } from './booking-denials';
import { auditCancellation } from './cancellation-audit';
import type { BookingOrigin, BookingsDeps } from './deps';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function notCancellable() {
  return errors.conflict('BOOKING_NOT_CANCELLABLE', 'This booking cannot be cancelled now');
}

/**
 * `POST /api/v1/bookings/:id/cancel`: the booker (or support holding `view_all_bookings`) with
 * `cancel_booking`. The workflow's Update validator decides whether the booking can still be
 * cancelled (409 when not); the answer comes once the saga has undone it, with what was refunded.
 * Refusals are audited as denials, every attempt that reaches the workflow as `booking.cancelled`
 * by the requester (SEC-LOG-03).
 */
export function cancelBooking(
  deps: BookingsDeps,
  actor: Actor,
  id: string,
  origin: BookingOrigin,
): Promise<CancelResult & { id: string }> {
  const target = { action: 'bookings.cancel', ...(UUID.test(id) && { bookingId: id }) };
  return bookingDenialsAudited(deps, actor, origin, target, () => cancelAllowed(deps, actor, id, origin));
}

async function cancelAllowed(
  deps: BookingsDeps,
  actor: Actor,
  id: string,
  origin: BookingOrigin,
): Promise<CancelResult & { id: string }> {
  assertCan(actor, 'cancel_booking');
  const booking = UUID.test(id) ? await deps.models.Booking.findByPk(id) : null;
  if (!booking) throw bookingNotFound();
  if (!(booking.user_id === actor.id || can(actor, 'view_all_bookings')) || !canSee(actor, booking)) {
    throw bookingNotVisible();
  }
  const reason = booking.user_id === actor.id ? 'customer_request' : 'support';
  const attempt = { bookingId: booking.id, workflowId: booking.workflow_id, reason } as const;
  let result: CancelResult;
  try {
    const handle = deps.temporal.workflow.getHandle(booking.workflow_id);
    result = await handle.executeUpdate(cancelBookingUpdate, { args: [{ reason }] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
      await auditCancellation(deps, actor, origin, { ...attempt, outcome: 'failure' });
      throw notCancellable();
    }
    throw err;
  }
  const outcome = result.status === 'CANCELLED' ? 'success' : 'failure';
  await auditCancellation(deps, actor, origin, { ...attempt, outcome });
  return { id: booking.id, ...result };
}
