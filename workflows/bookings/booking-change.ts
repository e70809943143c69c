import { ApplicationFailure, uuid4 } from '@temporalio/workflow';
import type { SupplierHold } from '../../activities/suppliers/types';
import type { SagaActivities } from './activity-proxies';
import { compensate, failureType, sagaFailure, type Compensation } from './compensations';
import type {
  BookingWorkflowInput,
  ChangeOffer,
  ChangeOfferRequest,
  ChangeResult,
  ConfirmChangeRequest,
} from './messages';

/** The booking as it stands: what a change replaces, and what it becomes once made. */
export interface BookedItem {
  item: BookingWorkflowInput['item'];
  hold: SupplierHold;
  amountMinor: number;
}

export interface PendingChange {
  offer: ChangeOffer;
  request: ChangeOfferRequest;
}

const refuse = (type: string, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

/** The offer request's own bounds; the supplier must be the booking's. */
export function checkOfferRequest(request: ChangeOfferRequest, booked: BookedItem): void {
  if (request?.item?.supplier !== booked.item.supplier) throw refuse('NOT_CHANGEABLE', 'another supplier');
  const { penaltyMinor, offerTtlMs } = request;
  if (!Number.isSafeInteger(penaltyMinor) || penaltyMinor < 0 || penaltyMinor > booked.amountMinor) {
    throw refuse('NOT_CHANGEABLE', 'a penalty is a whole amount up to the booked one');
  }
  if (!Number.isSafeInteger(offerTtlMs) || offerTtlMs < 1) throw refuse('NOT_CHANGEABLE', 'offer time');
}

/** Prices the change with the supplier (a quote: nothing is held yet). */
export async function priceChange(
  a: SagaActivities,
  request: ChangeOfferRequest,
  booked: BookedItem,
  currency: string,
): Promise<ChangeOffer> {
  const quote = await a.suppliers.quoteWithSupplier(request.item);
  const available = quote.available && quote.currency === currency;
  return {
    offerId: uuid4(),
    available,
    currentTotalMinor: booked.amountMinor,
    newTotalMinor: quote.totalMinor,
    penaltyMinor: request.penaltyMinor,
    differenceMinor: quote.totalMinor + request.penaltyMinor - booked.amountMinor,
    currency,
    expiresAt: new Date(Date.now() + request.offerTtlMs).toISOString(),
  };
}

/** The confirmation's validator: only the latest offer, unexpired and available, is taken. */
export function checkConfirmation(
  confirm: ConfirmChangeRequest,
  latest: PendingChange | null,
): PendingChange {
  if (!latest || latest.offer.offerId !== confirm?.offerId) {
    throw refuse('OFFER_SUPERSEDED', 'not the booking’s latest offer');
  }
  if (Date.now() >= Date.parse(latest.offer.expiresAt)) throw refuse('OFFER_EXPIRED', 'the offer expired');
  if (!latest.offer.available) throw refuse('OFFER_UNAVAILABLE', 'the supplier cannot make this change');
  return latest;
}

/**
 * Makes the change, in the order issue 18.2 sets: hold the new inventory, charge the difference
 * (its own PaymentIntent, `booking/<id>/change/<offerId>/charge`), confirm the new hold, cancel
 * the old one, refund a negative difference, then record the booking. Any failure before the old
 * hold is cancelled undoes what was done, newest first, and leaves the booking exactly as it was.
 */
export async function applyChange(
  a: SagaActivities,
  input: BookingWorkflowInput,
  booked: BookedItem,
  pending: PendingChange,
  holdTtlSeconds: number,
): Promise<{ result: ChangeResult; booked: BookedItem }> {
  const { offer, request } = pending;
  const { actor, bookingId } = input;
  const step = { bookingId, supplier: booked.item.supplier, changeId: offer.offerId };
  const undo: Compensation[] = [];
  const failed = (reason: string) => ({
    result: { offerId: offer.offerId, status: 'FAILED' as const, failureReason: reason, differenceMinor: 0 },
    booked,
  });
  let hold: SupplierHold;
  try {
    const release: Compensation = async () => void (await a.suppliers.releaseSupplierHold(step));
    undo.unshift(release);
    hold = await a.suppliers.reserveWithSupplier({
      ...request.item,
      bookingId,
      changeId: offer.offerId,
      ttlSeconds: holdTtlSeconds,
    });
    if (hold.totalMinor !== offer.newTotalMinor || hold.currency !== offer.currency) {
      throw sagaFailure('price_changed');
    }
    if (offer.differenceMinor > 0) {
      undo.unshift(
        async () => void (await a.payments.refundChangeCharge({ actor, bookingId, offerId: offer.offerId })),
      );
      const charged = await a.payments.chargeChangeDifference({
        actor,
        bookingId,
        offerId: offer.offerId,
        amountMinor: offer.differenceMinor,
      });
      if (charged.outcome === 'declined') throw sagaFailure('payment_declined');
    }
    const confirmed = await a.suppliers.confirmWithSupplier({ ...step, holdId: hold.holdId });
    // Confirmed: undone by cancelling, under a key of its own (the change's cancels the old hold).
    undo.splice(undo.indexOf(release), 1, async () => {
      await a.suppliers.cancelWithSupplier({ ...step, changeId: uuid4(), holdId: hold.holdId });
    });
    hold = confirmed;
    await a.suppliers.cancelWithSupplier({ ...step, holdId: booked.hold.holdId });
  } catch (err) {
    await compensate(undo);
    return failed(failureType(err));
  }
  // The old booking is gone with the supplier: from here on the change is made, and retried.
  if (offer.differenceMinor < 0) {
    await a.payments.refundPayment({
      actor,
      bookingId,
      refundId: uuid4(),
      amountMinor: -offer.differenceMinor,
    });
  }
  await a.bookings.recordBookingChange({
    bookingId,
    details: request.details,
    amountMinor: offer.newTotalMinor,
    holdId: hold.holdId,
    confirmation: hold.confirmationCode,
    startsAt: hold.startsAt,
    cancellationPolicy: hold.cancellationPolicy,
  });
  return {
    result: {
      offerId: offer.offerId,
      status: 'CHANGED',
      failureReason: null,
      differenceMinor: offer.differenceMinor,
    },
    booked: { item: request.item, hold, amountMinor: offer.newTotalMinor },
  };
}
