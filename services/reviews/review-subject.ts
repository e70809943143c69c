import { dayNumber, today } from '../../lib/dates/calendar-days';
import { errors } from '../../lib/errors';

/** The booking columns the review rule reads. */
export interface ReviewedBookingRow {
  id: string;
  user_id: string;
  status: string;
  kind: 'hotel' | 'flight';
  details: Record<string, unknown>;
  starts_at: Date | null;
}

/** What a review is about: a hotel, or a flight route (origin-destination). */
export type ReviewSubject =
  { kind: 'hotel'; hotelId: string } | { kind: 'flight'; origin: string; destination: string };

const notYet = (what: string) => errors.conflict('REVIEW_NOT_YET_OPEN', what);
const HOTEL_ID = /^[A-Za-z0-9_-]{1,64}$/;
const IATA = /^[A-Z]{3}$/;

/**
 * A booking may be reviewed once it is CONFIRMED and over: a stay the day after its check-out day
 * (UTC, the platform's calendar), a flight once it has departed (`starts_at`, the departure the
 * supplier held; the booked departure day's end when a row has none).
 */
export function reviewSubject(booking: ReviewedBookingRow, now: Date): ReviewSubject {
  if (booking.status !== 'CONFIRMED') {
    throw errors.conflict('BOOKING_NOT_REVIEWABLE', 'Only a confirmed booking can be reviewed');
  }
  const d = booking.details;
  if (booking.kind === 'hotel') {
    const checkOut = dayNumber(d.checkOut);
    if (typeof d.hotelId !== 'string' || !HOTEL_ID.test(d.hotelId) || Number.isNaN(checkOut)) {
      throw errors.conflict('BOOKING_NOT_REVIEWABLE', 'This booking cannot be reviewed');
    }
    if (checkOut >= today(now)) throw notYet('A stay can be reviewed once its check-out day has passed');
    return { kind: 'hotel', hotelId: d.hotelId };
  }
  const departure = dayNumber(d.departureDate);
  if (
    typeof d.origin !== 'string' ||
    !IATA.test(d.origin) ||
    typeof d.destination !== 'string' ||
    !IATA.test(d.destination)
  ) {
    throw errors.conflict('BOOKING_NOT_REVIEWABLE', 'This booking cannot be reviewed');
  }
  const departed = booking.starts_at ? booking.starts_at <= now : departure < today(now);
  if (!departed) throw notYet('A flight can be reviewed once it has departed');
  return { kind: 'flight', origin: d.origin, destination: d.destination };
}
