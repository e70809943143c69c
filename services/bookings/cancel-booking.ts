import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { cancelBookingUpdate, type CancelResult } from './booking-saga';
import { errors } from '../../lib/errors';
import { assertCan, can, type Actor } from '../../lib/rbac';
import { bookingNotFound, canSee } from './booking-access';
import type { BookingsDeps } from './deps';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function notCancellable() {
  return errors.conflict('BOOKING_NOT_CANCELLABLE', 'This booking cannot be cancelled now');
}

/**
 * `POST /api/v1/bookings/:id/cancel`: the booker (or support holding `view_all_bookings`) with
 * `cancel_booking`. The workflow's Update validator decides whether the booking can still be
 * cancelled (409 when not); the answer comes once the saga has undone it, with what was refunded.
 */
export async function cancelBooking(
  deps: BookingsDeps,
  actor: Actor,
  id: string,
): Promise<CancelResult & { id: string }> {
  assertCan(actor, 'cancel_booking');
  const booking = UUID.test(id) ? await deps.models.Booking.findByPk(id) : null;
  if (
    !booking ||
    !(booking.user_id === actor.id || can(actor, 'view_all_bookings')) ||
    !canSee(actor, booking)
  ) {
    throw bookingNotFound();
  }
  const reason = booking.user_id === actor.id ? 'customer_request' : 'support';
  try {
    const handle = deps.temporal.workflow.getHandle(booking.workflow_id);
    const result = await handle.executeUpdate(cancelBookingUpdate, { args: [{ reason }] });
    return { id: booking.id, ...result };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)
      throw notCancellable();
    throw err;
  }
}
