import { errors } from '../../lib/errors';
import { cancellationTerms, type CancellationPolicy } from '../bookings/cancellation-policy';

export interface TermsRow {
  status: string;
  cancellation_policy: CancellationPolicy | null;
  starts_at: Date | null;
  captured_minor: string | null;
}

/**
 * A booker's own refund request stays within the booking's cancellation terms: a CONFIRMED
 * booking, not started, and no more than cancelling it at `now` would give back of what was
 * captured (services/bookings/cancellation-policy.ts). Anything beyond is support's to grant.
 */
export function assertWithinTerms(booking: TermsRow, amountMinor: number, now: Date): void {
  const terms =
    booking.status === 'CONFIRMED' &&
    booking.cancellation_policy &&
    booking.starts_at &&
    booking.captured_minor
      ? cancellationTerms(
          booking.cancellation_policy,
          new Date(booking.starts_at),
          Number(booking.captured_minor),
          now,
        )
      : undefined;
  if (!terms || amountMinor > terms.refundMinor) {
    throw errors.conflict(
      'REFUND_OUTSIDE_TERMS',
      terms
        ? `The booking's cancellation terms allow at most ${terms.refundMinor} (minor units) now; support can grant more`
        : "The booking's cancellation terms allow no refund now; support can grant one",
    );
  }
}
