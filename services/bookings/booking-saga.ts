import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { BookingStatus } from '../../db/models/booking';
import type { Actor } from '../../lib/rbac';
import type { TaskQueues } from '../../lib/temporal/task-queues';

/**
 * The booking saga's contract (workflows/bookings/booking.ts): what the services start it with,
 * ask it and tell it. The workflow restates each message with `defineQuery`/`defineSignal`/
 * `defineUpdate` typed by the definitions below, so the compiler holds their names equal: workflow
 * code imports only types from below its floor.
 */

export type { BookingStatus };

/** A hotel stay as the platform asks for it. */
export interface HotelItem {
  hotelId: string;
  roomType: string;
  /** `YYYY-MM-DD`; check-out is the morning after the last night. */
  checkIn: string;
  checkOut: string;
  rooms: number;
}

export interface FlightItem {
  flightId: string;
  seats: number;
}

/** What a booking reserves, and at which supplier. */
export type SupplierItem = { supplier: 'hotel'; item: HotelItem } | { supplier: 'flight'; item: FlightItem };

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
  queues: Pick<TaskQueues, 'suppliers' | 'payments' | 'notify' | 'bookings'>;
  timeouts: {
    paymentWaitMs: number;
    paymentPollMs: number;
    holdTtlSeconds: number;
    cancelWindowMs: number;
    /**
     * When Stripe gives no `capture_before`: the authorisation lapses this long after it was made.
     * Optional: absent in workflows started before it existed (7 days then).
     */
    authorisationValidityMs?: number;
    /** Less than this left of the authorisation: neither confirm nor capture (1 hour when absent). */
    captureMarginMs?: number;
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
  /**
   * A CONFIRMED booking's refund as a confirmed cancellation quote priced it (minor units): the
   * platform refunds what it quoted, whatever the supplier keeps. Absent before confirmation,
   * when nothing was captured and the saga's compensations release the authorisation.
   */
  refundMinor?: number;
}

export interface CancelResult {
  status: BookingStatus;
  refundedMinor: number;
}

// What `defineQuery` and friends return, spelled as plain objects: this floor does not load the
// workflow SDK. The brands in the SDK's types exist only at compile time, hence the casts.
export const bookingStateQuery = { type: 'query', name: 'bookingState' } as QueryDefinition<
  BookingState,
  [],
  'bookingState'
>;
export const paymentEventSignal = { type: 'signal', name: 'paymentEvent' } as SignalDefinition<
  [PaymentEventSignal],
  'paymentEvent'
>;
export const cancelBookingUpdate = { type: 'update', name: 'cancelBooking' } as UpdateDefinition<
  CancelResult,
  [CancelRequest],
  'cancelBooking'
>;

// --- Booking changes (issue 18.2): a priced offer, then its confirmation --------------------------

/** What the change service asks the workflow to price: the booking's item after the change. */
export interface ChangeOfferRequest {
  item: SupplierItem;
  /** The booking row's allowlisted details once the change is made (no personal data). */
  details: Record<string, string | number>;
  /** What the booking's cancellation terms keep now: charged on top of the difference. */
  penaltyMinor: number;
  /** How long the offer holds. */
  offerTtlMs: number;
}

export interface ChangeOffer {
  offerId: string;
  /** False when the supplier has not the new inventory, or prices it in another currency. */
  available: boolean;
  currentTotalMinor: number;
  newTotalMinor: number;
  penaltyMinor: number;
  /** newTotal + penalty − current: above 0 it is charged, below 0 refunded. */
  differenceMinor: number;
  currency: string;
  expiresAt: string;
}

export interface ConfirmChangeRequest {
  offerId: string;
}

export interface ChangeResult {
  offerId: string;
  status: 'CHANGED' | 'FAILED';
  /** Why a change failed (the booking is then exactly as it was): sold_out, payment_declined, … */
  failureReason: string | null;
  differenceMinor: number;
}

/** Why the workflow refuses to take a confirmation: the ApplicationFailure type its validator throws. */
export const CHANGE_REFUSALS = [
  'OFFER_SUPERSEDED',
  'OFFER_EXPIRED',
  'OFFER_UNAVAILABLE',
  'NOT_CHANGEABLE',
] as const;

export const offerChangeUpdate = { type: 'update', name: 'offerChange' } as UpdateDefinition<
  ChangeOffer,
  [ChangeOfferRequest],
  'offerChange'
>;
export const confirmChangeUpdate = { type: 'update', name: 'confirmChange' } as UpdateDefinition<
  ChangeResult,
  [ConfirmChangeRequest],
  'confirmChange'
>;
