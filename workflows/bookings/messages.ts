import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SupplierItem } from '../../activities/suppliers/supplier-activities';
import type { BookingStatus } from '../../db/models/booking';
import type { Actor } from '../../lib/rbac';
import type { TaskQueues } from '../../lib/temporal/task-queues';

export type { BookingStatus };

/** Ids, amounts and supplier codes only: no traveller's name, passport or birth date (issue 8.4). */
export interface BookingWorkflowInput {
  bookingId: string;
  /** The booker as authenticated by the API: id, role, company, session (ids only). */
  actor: Actor;
  item: SupplierItem;
  amountMinor: number;
  currency: string;
  /** The PaymentMethod Stripe.js made: the only card reference (SEC-PAY-01). */
  paymentMethodId: string;
  queues: Pick<TaskQueues, 'suppliers' | 'payments' | 'notify'>;
  timeouts: {
    paymentWaitMs: number;
    paymentPollMs: number;
    holdTtlSeconds: number;
    cancelWindowMs: number;
  };
}

export interface BookingState {
  bookingId: string;
  status: BookingStatus;
  /** While Stripe asks for 3-D Secure: what Stripe.js needs to complete it in the browser. */
  clientSecret: string | null;
  failureReason: string | null;
}

export interface BookingResult {
  bookingId: string;
  status: BookingStatus;
  failureReason: string | null;
}

/** A Stripe event about the booking's PaymentIntent: a nudge to read it back, never trusted alone. */
export interface PaymentEventSignal {
  eventId: string;
  status: string | null;
}

export interface CancelRequest {
  reason: 'customer_request' | 'support';
}

export interface CancelResult {
  status: BookingStatus;
  refundedMinor: number;
}

export const bookingStateQuery = defineQuery<BookingState>('bookingState');
export const paymentEventSignal = defineSignal<[PaymentEventSignal]>('paymentEvent');
export const cancelBookingUpdate = defineUpdate<CancelResult, [CancelRequest]>('cancelBooking');

/** Statuses a cancellation is accepted in; PAID is in the middle of confirming and waits its turn. */
export const CANCELLABLE: readonly BookingStatus[] = ['PENDING', 'HELD', 'AWAITING_PAYMENT', 'CONFIRMED'];
export const TERMINAL: readonly BookingStatus[] = ['CONFIRMED', 'FAILED', 'CANCELLED'];
