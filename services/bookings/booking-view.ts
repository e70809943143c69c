import type { Booking } from '../../db/models/booking';
import type { BookingPassenger } from '../../db/models/booking-passenger';
import { maskDateOfBirth, maskPassport } from '../../lib/masking/answer-masks';
import { freeCancellationUntil, type CancellationPolicy } from './cancellation-policy';

export interface PassengerView {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  passportNumber: string | null;
}

/** The terms the supplier held the booking on, and the moments they count from and change at. */
export interface BookingCancellationView extends CancellationPolicy {
  startsAt: string;
  freeUntil: string;
}

export interface BookingView {
  id: string;
  status: string;
  kind: string;
  amount: string;
  currency: string;
  details: Record<string, unknown>;
  notes: string | null;
  failureReason: string | null;
  /** Null until the supplier held the booking. */
  cancellation: BookingCancellationView | null;
  createdAt: string;
  statusUrl: string;
  passengers?: PassengerView[];
  /** Only while Stripe waits for 3-D Secure: Stripe.js completes it with this. */
  clientSecret?: string | null;
}

export const statusUrlOf = (id: string) => `/api/v1/bookings/${id}`;

function amountOf(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

/** SEC-DATA-03: passports and birth dates answer masked (`******1234`); names as given. */
export function passengerView(p: BookingPassenger): PassengerView {
  return {
    firstName: p.first_name,
    lastName: p.last_name,
    dateOfBirth: maskDateOfBirth(p.date_of_birth),
    passportNumber: p.passport_number ? maskPassport(p.passport_number) : null,
  };
}

export function bookingCancellationView(
  b: Pick<Booking, 'cancellation_policy' | 'starts_at'>,
): BookingCancellationView | null {
  if (!b.cancellation_policy || !b.starts_at) return null;
  const { freeUntilDays, lateDeductionPercent } = b.cancellation_policy;
  return {
    freeUntilDays,
    lateDeductionPercent,
    startsAt: b.starts_at.toISOString(),
    freeUntil: freeCancellationUntil(b.cancellation_policy, b.starts_at).toISOString(),
  };
}

export function bookingView(b: Booking): BookingView {
  return {
    id: b.id,
    status: b.status,
    kind: b.kind,
    amount: amountOf(b.amount_minor),
    currency: b.currency,
    details: b.details,
    notes: b.notes,
    failureReason: b.failure_reason,
    cancellation: bookingCancellationView(b),
    createdAt: b.createdAt.toISOString(),
    statusUrl: statusUrlOf(b.id),
  };
}
