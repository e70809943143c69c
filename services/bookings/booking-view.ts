import type { Booking } from '../../db/models/booking';
import type { BookingPassenger } from '../../db/models/booking-passenger';
import { maskDateOfBirth, maskPassport } from '../../lib/masking/answer-masks';

export interface PassengerView {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  passportNumber: string | null;
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
    createdAt: b.createdAt.toISOString(),
    statusUrl: statusUrlOf(b.id),
  };
}
