import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type * as saga from '../../services/bookings/booking-saga';
import type { BookingStatus } from '../../services/bookings/booking-saga';

export type {
  BookingResult,
  BookingState,
  BookingStatus,
  BookingWorkflowInput,
  CancelRequest,
  CancelResult,
  ChangeOffer,
  ChangeOfferRequest,
  ChangeResult,
  ConfirmChangeRequest,
  PaymentEventSignal,
} from '../../services/bookings/booking-saga';

// The saga's messages, typed by their definitions in services/bookings/booking-saga.ts: a name
// that differs from the one there does not compile.
export const bookingStateQuery: typeof saga.bookingStateQuery = defineQuery('bookingState');
export const paymentEventSignal: typeof saga.paymentEventSignal = defineSignal('paymentEvent');
export const cancelBookingUpdate: typeof saga.cancelBookingUpdate = defineUpdate('cancelBooking');
export const offerChangeUpdate: typeof saga.offerChangeUpdate = defineUpdate('offerChange');
export const confirmChangeUpdate: typeof saga.confirmChangeUpdate = defineUpdate('confirmChange');

/** Statuses a cancellation is accepted in; PAID is in the middle of confirming and waits its turn. */
export const CANCELLABLE: readonly BookingStatus[] = ['PENDING', 'HELD', 'AWAITING_PAYMENT', 'CONFIRMED'];
export const TERMINAL: readonly BookingStatus[] = ['CONFIRMED', 'FAILED', 'CANCELLED'];
