import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Booking } from '../../db/models/booking';
import { errors } from '../../lib/errors';
import { assertCan, can, type Actor } from '../../lib/rbac';
import { bookingNotFound, bookingNotVisible, canSee } from './booking-access';
import { bookingDenialsAudited } from './booking-denials';
import { cancelBookingUpdate, type CancelRequest, type CancelResult } from './booking-saga';
import { auditCancellation } from './cancellation-audit';
import { setQuoteStatus, type QuoteRow } from './cancellation-quote-rows';
import { issueQuote, quoteView, takeQuote, type CancellationQuoteView } from './cancellation-quotes';
import type { BookingOrigin, BookingsDeps } from './deps';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type CancelAnswer = CancelResult & { id: string };

function notCancellable() {
  return errors.conflict('BOOKING_NOT_CANCELLABLE', 'This booking cannot be cancelled now');
}

/**
 * The booking `id` if the caller may cancel it: `cancel_booking`, and the booker (or support
 * holding `view_all_bookings`) who can see it; anything else is answered as missing.
 */
async function cancellableBooking(deps: BookingsDeps, actor: Actor, id: string): Promise<Booking> {
  assertCan(actor, 'cancel_booking');
  const booking = UUID.test(id) ? await deps.models.Booking.findByPk(id) : null;
  if (!booking) throw bookingNotFound();
  if (!(booking.user_id === actor.id || can(actor, 'view_all_bookings')) || !canSee(actor, booking)) {
    throw bookingNotVisible();
  }
  return booking;
}

const target = (action: string, id: string) => ({ action, ...(UUID.test(id) && { bookingId: id }) });

/**
 * Asks the booking workflow to cancel (its Update validator has the last word: 409 when it
 * refuses), and audits the attempt as `booking.cancelled` by the requester (SEC-LOG-03).
 */
async function cancelThroughWorkflow(
  deps: BookingsDeps,
  actor: Actor,
  booking: Booking,
  origin: BookingOrigin,
  quote?: QuoteRow,
): Promise<CancelAnswer> {
  const reason = booking.user_id === actor.id ? 'customer_request' : 'support';
  const request: CancelRequest = { reason, ...(quote && { refundMinor: Number(quote.refund_minor) }) };
  const attempt = {
    bookingId: booking.id,
    workflowId: booking.workflow_id,
    reason,
    ...(quote && { quote: { id: quote.id, refundMinor: Number(quote.refund_minor) } }),
  } as const;
  let result: CancelResult;
  try {
    const handle = deps.temporal.workflow.getHandle(booking.workflow_id);
    result = await handle.executeUpdate(cancelBookingUpdate, { args: [request] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
      if (quote) await setQuoteStatus(deps.models.Booking.sequelize!, quote.id, 'confirmed', 'void');
      await auditCancellation(deps, actor, origin, { ...attempt, outcome: 'failure' });
      throw notCancellable();
    }
    throw err;
  }
  // The refund is in the payment row now: the quote no longer holds it back.
  if (quote) await setQuoteStatus(deps.models.Booking.sequelize!, quote.id, 'confirmed', 'settled');
  const outcome = result.status === 'CANCELLED' ? 'success' : 'failure';
  await auditCancellation(deps, actor, origin, { ...attempt, outcome });
  return { id: booking.id, ...result };
}

/**
 * `POST /api/v1/bookings/:id/cancel`: a CONFIRMED booking is quoted on its terms and the quote
 * confirmed at once (the refund is what the terms give now); a booking still in its saga is
 * cancelled by its compensations (nothing was captured; the authorisation is released).
 * Refusals are audited as denials.
 */
export function cancelBooking(
  deps: BookingsDeps,
  actor: Actor,
  id: string,
  origin: BookingOrigin,
): Promise<CancelAnswer> {
  return bookingDenialsAudited(deps, actor, origin, target('bookings.cancel', id), async () => {
    const booking = await cancellableBooking(deps, actor, id);
    if (booking.status !== 'CONFIRMED') return cancelThroughWorkflow(deps, actor, booking, origin);
    const quote = await issueQuote(deps, actor, booking);
    return cancelThroughWorkflow(deps, actor, booking, origin, await takeQuote(deps, booking.id, quote.id));
  });
}

/**
 * `POST /api/v1/bookings/:id/cancellation-quotes` (issue 17.2): what cancelling now would give
 * back and until when the price holds. Only a CONFIRMED booking is quoted (before that nothing
 * was captured: `/cancel` just releases the authorisation).
 */
export function quoteCancellation(
  deps: BookingsDeps,
  actor: Actor,
  id: string,
  origin: BookingOrigin,
): Promise<CancellationQuoteView> {
  return bookingDenialsAudited(deps, actor, origin, target('bookings.cancellation_quote', id), async () => {
    const booking = await cancellableBooking(deps, actor, id);
    return quoteView(await issueQuote(deps, actor, booking));
  });
}

/**
 * `POST /api/v1/bookings/:id/cancellation-quotes/:quoteId/confirm`: cancels at the quoted refund
 * if the quote is the booking's latest and has not expired (else 409 QUOTE_SUPERSEDED or
 * QUOTE_EXPIRED, nothing changed).
 */
export function confirmCancellationQuote(
  deps: BookingsDeps,
  actor: Actor,
  id: string,
  quoteId: string,
  origin: BookingOrigin,
): Promise<CancelAnswer> {
  return bookingDenialsAudited(deps, actor, origin, target('bookings.cancel', id), async () => {
    const booking = await cancellableBooking(deps, actor, id);
    if (!UUID.test(quoteId)) throw errors.notFound('Cancellation quote');
    const quote = await takeQuote(deps, booking.id, quoteId);
    return cancelThroughWorkflow(deps, actor, booking, origin, quote);
  });
}
