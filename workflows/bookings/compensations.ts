import { ActivityFailure, ApplicationFailure, log, uuid4 } from '@temporalio/workflow';
import type { SagaActivities } from './activity-proxies';
import type { BookingWorkflowInput } from './messages';

/** One undo step of the saga; each is a no-op for something that never came to exist. */
export type Compensation = () => Promise<void>;

/** Lets the booking's supplier hold go (the supplier answers `released: false` when there is none). */
export function releaseHold(a: SagaActivities, input: BookingWorkflowInput): Compensation {
  return async () => {
    await a.suppliers.releaseSupplierHold({ bookingId: input.bookingId, supplier: input.item.supplier });
  };
}

/**
 * Cancels the supplier's confirmed booking: registered once the supplier confirmed, for a capture
 * that then fails (authorisation lapsed, captured amount wrong).
 */
export function cancelSupplierBooking(
  a: SagaActivities,
  input: BookingWorkflowInput,
  holdId: string,
): Compensation {
  return async () => {
    await a.suppliers.cancelWithSupplier({
      bookingId: input.bookingId,
      supplier: input.item.supplier,
      holdId,
    });
  };
}

/**
 * Undoes the payment: cancels the PaymentIntent while no money moved, which releases an
 * authorisation not yet captured (the usual case: the saga captures last); once it has, reads it back
 * (so the captured amount is Stripe's) and refunds everything captured. Registered before the
 * PaymentIntent is created: one can exist although the create activity timed out.
 */
export function undoPayment(a: SagaActivities, input: BookingWorkflowInput): Compensation {
  const { actor, bookingId } = input;
  return async () => {
    const cancelled = await a.payments.cancelPaymentIntent({ actor, bookingId });
    if (cancelled.outcome !== 'not_cancelable') return;
    const readback = await a.payments.readPaymentIntent({ actor, bookingId });
    if (readback.capturedMinor < 1) return;
    await a.payments.refundPayment({ actor, bookingId, refundId: uuid4() });
  };
}

/** Runs the registered compensations, newest first; one that fails does not stop the others. */
export async function compensate(compensations: readonly Compensation[]): Promise<void> {
  for (const step of compensations) {
    try {
      await step();
    } catch (err) {
      log.error('compensation failed', { error: failureType(err) });
    }
  }
}

/** A failure's type as a reason code (`SoldOut` → `sold_out`), safe for the bookings row and audit. */
export function failureType(err: unknown): string {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  const type = failure instanceof ApplicationFailure && failure.type ? failure.type : 'step_failed';
  const code = type
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  return code.slice(0, 64) || 'step_failed';
}

/** A saga failure of the workflow's own (wrong price, declined, timed out, cancelled). */
export function sagaFailure(reason: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`booking failed: ${reason}`, reason);
}
