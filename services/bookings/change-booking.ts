import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Booking } from '../../db/models/booking';
import { personEvent } from '../../lib/audit';
import { errors } from '../../lib/errors';
import { assertCan, type Actor } from '../../lib/rbac';
import { bookingNotFound, bookingNotVisible, canSee } from './booking-access';
import { bookingDenialsAudited } from './booking-denials';
import {
  CHANGE_REFUSALS,
  confirmChangeUpdate,
  offerChangeUpdate,
  type ChangeOffer,
  type ChangeResult,
} from './booking-saga';
import { cancellationTerms } from './cancellation-policy';
import { changedBooking, type BookingChangeBody } from './change-input';
import type { BookingOrigin, BookingsDeps } from './deps';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type ChangeOfferView = ChangeOffer & { bookingId: string; confirmUrl: string };

const notChangeable = (why: string) => errors.conflict('BOOKING_NOT_CHANGEABLE', why);

/**
 * The booker's own booking (`book`): a change charges or refunds the booker's card, so support
 * does not make one on their behalf. Anything else is answered as missing.
 */
async function ownBooking(deps: BookingsDeps, actor: Actor, id: string): Promise<Booking> {
  assertCan(actor, 'book');
  const booking = UUID.test(id) ? await deps.models.Booking.findByPk(id) : null;
  if (!booking) throw bookingNotFound();
  if (booking.user_id !== actor.id || !canSee(actor, booking)) throw bookingNotVisible();
  return booking;
}

/** The workflow's refusal, as the API's error: its validator names why (CHANGE_REFUSALS). */
function refusalOf(err: unknown): Error {
  const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
  const type = cause instanceof ApplicationFailure ? cause.type : undefined;
  if (type === 'OFFER_SUPERSEDED')
    return errors.conflict(type, 'A newer offer replaced this one: confirm the latest');
  if (type === 'OFFER_EXPIRED') return errors.conflict(type, 'This offer has expired: ask for a new one');
  if (type === 'OFFER_UNAVAILABLE') return errors.conflict(type, 'The supplier cannot make this change');
  // Our own validator's words (workflows/bookings/booking-change*.ts), never a supplier's.
  return notChangeable(
    type === 'NOT_CHANGEABLE' && cause
      ? `This booking cannot be changed: ${cause.message}`
      : 'This booking cannot be changed now',
  );
}

async function auditChange(
  deps: BookingsDeps,
  actor: Actor,
  origin: BookingOrigin,
  booking: Booking,
  outcome: 'success' | 'failure',
  details: { change: string; amountMinor: number },
) {
  await deps.audit.append(
    personEvent(actor, origin, {
      type: 'booking.modified',
      outcome,
      resource: { type: 'booking', id: booking.id },
      details: { ...details, currency: booking.currency, workflowId: booking.workflow_id },
    }),
  );
}

/**
 * `POST /api/v1/bookings/:id/change-offers` (issue 18.2): the saga prices the change with the
 * supplier and answers an offer: the new total, the difference, the penalty the booking's
 * cancellation terms keep now, and until when it holds. Nothing is held or charged yet.
 */
export function offerBookingChange(
  deps: BookingsDeps,
  actor: Actor,
  id: string,
  body: BookingChangeBody,
  origin: BookingOrigin,
): Promise<ChangeOfferView> {
  const target = { action: 'bookings.change', ...(UUID.test(id) && { bookingId: id }) };
  return bookingDenialsAudited(deps, actor, origin, target, async () => {
    const booking = await ownBooking(deps, actor, id);
    if (booking.status !== 'CONFIRMED' || !booking.cancellation_policy || !booking.starts_at) {
      throw notChangeable('Only a confirmed booking is changed');
    }
    const terms = cancellationTerms(
      booking.cancellation_policy,
      booking.starts_at,
      booking.amount_minor,
      new Date(),
    );
    if (!terms) throw notChangeable('The stay or flight has started');
    const { item, details } = changedBooking(booking, body);
    let offer: ChangeOffer;
    try {
      offer = await deps.temporal.workflow.getHandle(booking.workflow_id).executeUpdate(offerChangeUpdate, {
        args: [
          {
            item,
            details,
            penaltyMinor: terms.deductionMinor,
            offerTtlMs: deps.timeouts.changeOfferTtlSeconds * 1000,
          },
        ],
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)
        throw refusalOf(err);
      throw err;
    }
    return {
      ...offer,
      bookingId: booking.id,
      confirmUrl: `/api/v1/bookings/${booking.id}/change-offers/${offer.offerId}/confirm`,
    };
  });
}

/**
 * `POST /api/v1/bookings/:id/change-offers/:offerId/confirm`: the saga makes the latest
 * unexpired offer (hold the new inventory, charge or refund the difference, confirm the new hold,
 * cancel the old one) or undoes every step, leaving the booking as it was (409 CHANGE_FAILED).
 * Audited as `booking.modified` either way (SEC-LOG-03).
 */
export function confirmBookingChange(
  deps: BookingsDeps,
  actor: Actor,
  id: string,
  offerId: string,
  origin: BookingOrigin,
): Promise<ChangeResult & { id: string }> {
  const target = { action: 'bookings.change', ...(UUID.test(id) && { bookingId: id }) };
  return bookingDenialsAudited(deps, actor, origin, target, async () => {
    const booking = await ownBooking(deps, actor, id);
    if (!UUID.test(offerId)) throw errors.conflict('OFFER_SUPERSEDED', 'No such offer of this booking');
    let result: ChangeResult;
    try {
      result = await deps.temporal.workflow
        .getHandle(booking.workflow_id)
        .executeUpdate(confirmChangeUpdate, { args: [{ offerId }] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)
        throw refusalOf(err);
      throw err;
    }
    const changed = result.status === 'CHANGED';
    await auditChange(deps, actor, origin, booking, changed ? 'success' : 'failure', {
      change: booking.kind === 'hotel' ? 'stay' : 'flight',
      amountMinor: Math.abs(result.differenceMinor),
    });
    if (!changed) {
      throw errors.conflict(
        'CHANGE_FAILED',
        `The change could not be made (${result.failureReason}); the booking is unchanged`,
      );
    }
    return { id: booking.id, ...result };
  });
}

export { CHANGE_REFUSALS };
