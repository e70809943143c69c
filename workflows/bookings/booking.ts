import {
  CancellationScope,
  condition,
  log,
  setHandler,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { PaymentReadback } from '../../activities/payments/types';
import type { RecordBookingStatus } from '../../activities/bookings/record-status';
import type { SupplierHold } from '../../activities/suppliers/types';
import { BOOKING_STATUS } from '../search-attributes';
import { sagaActivities } from './activity-proxies';
import { authorisationLapsing } from './authorisation-window';
import { bookingChanges, type BookedItem } from './booking-change-handlers';
import { paymentEvent, statusChangeEvent } from './booking-audit';
import {
  cancelSupplierBooking,
  compensate,
  failureType,
  releaseHold,
  sagaFailure,
  undoPayment,
  type Compensation,
} from './compensations';
import {
  bookingStateQuery,
  cancelBookingUpdate,
  CANCELLABLE,
  paymentEventSignal,
  type BookingResult,
  type BookingState,
  type BookingStatus,
  type BookingWorkflowInput,
  type CancelRequest,
} from './messages';

const CANCELLED = 'cancelled';

/**
 * The booking saga (DESIGN.md "The booking saga"): hold with the supplier → PaymentIntent,
 * authorised only (manual capture) → wait for the authorisation (webhook signal or polling,
 * bounded by the input's timeout), read back from Stripe → confirm with the supplier → capture
 * (`booking/<id>/capture`) and read back the captured amount (SEC-PAY-05) → CONFIRMED. Each
 * compensation is registered before its step runs and, on any failure or a cancellation, they
 * run newest first in a non-cancellable scope; the booking ends FAILED (or CANCELLED) and the
 * customer is told. Every status change is recorded, audited and put in the BookingStatus
 * search attribute.
 */
export async function bookingWorkflow(input: BookingWorkflowInput): Promise<BookingResult> {
  const a = sagaActivities(input.queues);
  const { actor, bookingId, item } = input;
  const state: BookingState = { bookingId, status: 'PENDING', clientSecret: null, failureReason: null };
  let cancelRequest: CancelRequest | null = null;
  let paymentEvents = 0;
  let refundedMinor = 0;
  let payment: 'none' | 'started' | 'paid' = 'none';
  let declineCode: string | null = null;

  let recordedStatus: BookingStatus | null = null;
  /** The booking as confirmed, then as each accepted change leaves it (issue 18.2). */
  let booked: BookedItem | null = null;
  const changes = bookingChanges(a, input, () =>
    state.status === 'CONFIRMED' && !cancelRequest ? booked : null,
  );
  setHandler(bookingStateQuery, () => ({ ...state }));
  setHandler(paymentEventSignal, () => void (paymentEvents += 1));
  setHandler(
    cancelBookingUpdate,
    async (request) => {
      // Taken here, not in the validator: validators do not run on replay, so state they set would
      // be missing from a replayed workflow (a nondeterminism error once the cache evicts it).
      cancelRequest = request;
      // The answer waits for the stored row, so a read right after it sees the same status.
      await condition(() => recordedStatus === 'CANCELLED' || recordedStatus === 'FAILED');
      return { status: state.status, refundedMinor };
    },
    {
      validator(request) {
        if (request?.reason !== 'customer_request' && request?.reason !== 'support') {
          throw new Error('unknown cancellation reason');
        }
        if (cancelRequest || changes.taken() || !CANCELLABLE.includes(state.status)) {
          throw new Error(`a ${state.status} booking cannot be cancelled`);
        }
        const quoted = request.refundMinor;
        if (
          quoted !== undefined &&
          (state.status !== 'CONFIRMED' ||
            !Number.isSafeInteger(quoted) ||
            quoted < 0 ||
            quoted > input.amountMinor + changes.chargedMinor())
        ) {
          throw new Error(
            'a quoted refund is a whole amount up to the captured one, for a confirmed booking',
          );
        }
      },
    },
  );

  async function transition(
    status: BookingStatus,
    extra: Pick<RecordBookingStatus, 'holdId' | 'confirmation' | 'startsAt' | 'cancellationPolicy'> = {},
    notify = false,
  ) {
    state.status = status;
    upsertSearchAttributes([{ key: BOOKING_STATUS, value: status }]);
    const recorded = await a.bookings.recordBookingStatus({
      bookingId,
      status,
      ...extra,
      failureReason: state.failureReason,
      outboxId: notify ? uuid4() : null,
    });
    recordedStatus = status;
    await a.notify.writeAudit(statusChangeEvent(input, status, state.failureReason));
    if (recorded.outboxId) await a.notify.deliverOutboxEmail(recorded.outboxId);
  }

  const throwIfCancelled = () => {
    if (cancelRequest) throw sagaFailure(CANCELLED);
  };

  /**
   * SEC-PAY-06: every card Stripe declines is counted for the card-testing defence, which may
   * block the user's payments. A failure to count is logged, not allowed to change the outcome.
   */
  async function declined(code: string | null): Promise<never> {
    declineCode = code ?? 'card_declined';
    try {
      await a.payments.recordPaymentDecline({ actor, bookingId, declineCode });
    } catch (err) {
      log.error('decline not recorded', { error: failureType(err) });
    }
    throw sagaFailure('payment_declined');
  }

  /**
   * Until Stripe holds the money: an authorisation for the whole amount (manual capture), or a
   * PaymentIntent already captured in full (a capture made elsewhere: the saga does not capture it
   * again); captured short of the booked amount is a capture_mismatch.
   */
  async function waitForPayment(): Promise<PaymentReadback> {
    const deadline = Date.now() + input.timeouts.paymentWaitMs;
    for (;;) {
      throwIfCancelled();
      const readback = await a.payments.readPaymentIntent({ actor, bookingId });
      if (readback.authorised) return readback;
      if (readback.status === 'succeeded') {
        if (!readback.confirmable) throw sagaFailure('capture_mismatch');
        return readback;
      }
      if (readback.status === 'requires_payment_method') await declined(readback.failureCode);
      if (readback.status === 'canceled') throw sagaFailure('payment_declined');
      const left = deadline - Date.now();
      if (left <= 0) throw sagaFailure('payment_timeout');
      const seen = paymentEvents;
      await condition(
        () => paymentEvents !== seen || cancelRequest !== null,
        Math.min(left, input.timeouts.paymentPollMs),
      );
    }
  }

  const compensations: Compensation[] = [];
  let hold: SupplierHold;
  try {
    const releaseStep = releaseHold(a, input);
    compensations.unshift(releaseStep);
    hold = await a.suppliers.reserveWithSupplier({
      ...item,
      bookingId,
      ttlSeconds: input.timeouts.holdTtlSeconds,
    });
    if (hold.totalMinor !== input.amountMinor || hold.currency !== input.currency) {
      throw sagaFailure('price_changed');
    }
    await transition('HELD', {
      holdId: hold.holdId,
      startsAt: hold.startsAt,
      cancellationPolicy: hold.cancellationPolicy,
    });
    throwIfCancelled();

    compensations.unshift(undoPayment(a, input));
    await a.notify.writeAudit(paymentEvent(input, 'payment.started'));
    payment = 'started';
    const attempt = await a.payments.createPaymentIntent({
      actor,
      bookingId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      paymentMethodId: input.paymentMethodId,
    });
    if (attempt.outcome === 'declined') await declined(attempt.failureCode);
    if (attempt.outcome === 'requires_action') state.clientSecret = attempt.clientSecret;
    await transition('AWAITING_PAYMENT');
    const authorisation = await waitForPayment();
    state.clientSecret = null;
    payment = 'paid';
    await transition('PAID');
    // An authorisation that would lapse before the capture: neither confirm nor capture.
    const throwIfLapsing = () => {
      if (authorisationLapsing(authorisation, input.timeouts, Date.now())) {
        throw sagaFailure('authorisation_expired');
      }
    };
    throwIfLapsing();

    const confirmed = await a.suppliers.confirmWithSupplier({
      bookingId,
      supplier: item.supplier,
      holdId: hold.holdId,
    });
    // A confirmed hold is cancelled with the supplier, no longer released.
    compensations.splice(compensations.indexOf(releaseStep), 1);
    compensations.unshift(cancelSupplierBooking(a, input, hold.holdId));
    // Captured only now the supplier confirmed; before, a failure only releases the authorisation.
    throwIfLapsing();
    const captured = await a.payments.capturePaymentIntent({ actor, bookingId });
    // SEC-PAY-05 after the capture: Stripe must hold the whole booked amount, else it goes back.
    if (!captured.confirmable) throw sagaFailure('capture_mismatch');
    // Changeable from the moment it reads CONFIRMED (issue 18.2).
    booked = { item, hold, amountMinor: input.amountMinor };
    await transition('CONFIRMED', { confirmation: confirmed.confirmationCode }, true);
  } catch (err) {
    state.failureReason = failureType(err);
    state.clientSecret = null;
    await CancellationScope.nonCancellable(async () => {
      await compensate(compensations);
      if (payment === 'started') {
        await a.notify.writeAudit(paymentEvent(input, 'payment.failed', declineCode ?? state.failureReason));
      }
      await transition(state.failureReason === CANCELLED ? 'CANCELLED' : 'FAILED', {}, true);
    });
    return { bookingId, status: state.status, failureReason: state.failureReason };
  }

  // Confirmed: changes and a cancellation are taken until the window closes or the trip starts.
  booked ??= { item, hold, amountMinor: input.amountMinor };
  const windowEnd = Date.now() + input.timeouts.cancelWindowMs;
  for (;;) {
    const left = Math.min(windowEnd, Date.parse(booked.hold.startsAt)) - Date.now();
    if (left <= 0 || !(await condition(() => cancelRequest !== null || changes.taken(), Math.max(1, left))))
      break;
    if (cancelRequest) break;
    booked = await changes.apply(booked);
  }
  if (cancelRequest) {
    await CancellationScope.nonCancellable(async () => {
      const cancelled = await a.suppliers.cancelWithSupplier({
        bookingId,
        supplier: booked!.item.supplier,
        holdId: booked!.hold.holdId,
      });
      const refundMinor = cancelRequest?.refundMinor ?? cancelled.cancellation?.refundMinor ?? 0;
      // What changes charged on top goes back first, the rest from the booking's own payment.
      let left = refundMinor;
      if (left > 0 && changes.chargedMinor() > 0) {
        const charges = await a.payments.refundChangeCharges({ actor, bookingId, upToMinor: left });
        refundedMinor += charges.refundedMinor;
        left -= charges.refundedMinor;
      }
      if (left > 0) {
        const refund = await a.payments.refundPayment({
          actor,
          bookingId,
          refundId: uuid4(),
          amountMinor: left,
        });
        refundedMinor += refund.amountMinor;
      }
      state.failureReason = CANCELLED;
      await transition('CANCELLED', {}, true);
    });
  }
  return { bookingId, status: state.status, failureReason: state.failureReason };
}
