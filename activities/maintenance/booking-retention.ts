import { QueryTypes, type Sequelize } from 'sequelize';
import type { RetentionConfig } from '../../lib/config/retention';
import { purgeInBatches, type BatchedPurgeLimits } from './batched-purge';
import { before, clockOf, type RetentionStepInput, type RetentionStepResult } from './retention-step';

/**
 * SQL for "the moment a booking's trip ended", over `bookings b`: the end of its last day (UTC),
 * the hotel's check-out, else the flight's return, else its departure (services/bookings
 * booking-input.ts's details). A booking without a readable date never matches a cutoff.
 */
const LAST_DAY = `COALESCE(b.details->>'checkOut', b.details->>'returnDate', b.details->>'departureDate',
  b.details#>>'{item,checkOut}')`;

const TRIP_ENDED_AT = `(CASE WHEN ${LAST_DAY} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
  THEN ((${LAST_DAY})::date + 1)::timestamp AT TIME ZONE 'UTC' END)`;

export interface BookingRetentionDeps extends Partial<BatchedPurgeLimits> {
  /** The app role (DML on bookings and booking_passengers). */
  sequelize: Sequelize;
  retention: Pick<RetentionConfig, 'bookingActiveDaysAfterTrip' | 'completedBookingYears'>;
}

// Both statements pick a batch of bookings past the cutoff that still hold what the rule removes
// (so a repeat, or a retry after a crash, picks only what is left), then change the batch and its
// passengers in one statement: a booking is never half done. Amounts, currency, dates, status and
// the trip's details stay: they are the financial record.

/** Completion: the free-text notes and the passport numbers, needed only to serve the trip, go. */
const COMPLETE_BATCH = `
  WITH due AS (
    SELECT b.id FROM bookings b
     WHERE ${TRIP_ENDED_AT} <= $1
       AND (b.notes_encrypted IS NOT NULL OR EXISTS (
             SELECT 1 FROM booking_passengers p
              WHERE p.booking_id = b.id AND p.passport_number_encrypted IS NOT NULL))
     ORDER BY b.id LIMIT $2
  ), passports AS (
    UPDATE booking_passengers p SET passport_number_encrypted = NULL, updated_at = now()
      FROM due WHERE p.booking_id = due.id AND p.passport_number_encrypted IS NOT NULL
    RETURNING p.id
  ), done AS (
    UPDATE bookings b SET notes_encrypted = NULL, updated_at = now() FROM due WHERE b.id = due.id
    RETURNING b.id
  )
  SELECT (SELECT count(*) FROM done)::int AS bookings, (SELECT count(*) FROM passports)::int AS rows`;

/** Anonymisation: the passengers (names, dates of birth) are deleted and the notes cleared. */
const ANONYMISE_BATCH = `
  WITH due AS (
    SELECT b.id FROM bookings b
     WHERE ${TRIP_ENDED_AT} <= $1
       AND (b.notes_encrypted IS NOT NULL OR EXISTS (
             SELECT 1 FROM booking_passengers p WHERE p.booking_id = b.id))
     ORDER BY b.id LIMIT $2
  ), passengers AS (
    DELETE FROM booking_passengers p USING due WHERE p.booking_id = due.id RETURNING p.id
  ), done AS (
    UPDATE bookings b SET notes_encrypted = NULL, updated_at = now() FROM due WHERE b.id = due.id
    RETURNING b.id
  )
  SELECT (SELECT count(*) FROM done)::int AS bookings, (SELECT count(*) FROM passengers)::int AS rows`;

/**
 * SEC-PRIV-03 bookings, two rules (docs/retention.md):
 * - `completeBookings`: a booking is active until its trip's end + 90 days (complaints,
 *   chargebacks, changes); then it is completed and keeps only its financial record and the
 *   travellers' names and dates of birth an invoice may need: notes and passport numbers go.
 * - `anonymiseCompletedBookings`: a completed booking is kept 7 years (from its completion), then
 *   anonymised: its passengers are deleted, its notes cleared; the row with its amounts stays.
 * Each counts the bookings it changed, batch by batch with heartbeats, resumable.
 */
export function createBookingRetentionActivities({
  sequelize,
  retention,
  batchSize = 500,
  maxBatches = 1000,
}: BookingRetentionDeps) {
  const limits = { batchSize, maxBatches };
  const run = async (statement: string, cutoff: Date): Promise<RetentionStepResult> => {
    const purgeBatch = async (size: number) => {
      const [row] = await sequelize.query<{ bookings: number }>(statement, {
        bind: [cutoff, size],
        type: QueryTypes.SELECT,
      });
      return row?.bookings ?? 0;
    };
    return { ...(await purgeInBatches(purgeBatch, limits)), cutoff: cutoff.toISOString() };
  };
  const completedBefore = (now: Date) => before(now, { days: retention.bookingActiveDaysAfterTrip });
  return {
    async completeBookings(input: RetentionStepInput): Promise<RetentionStepResult> {
      return run(COMPLETE_BATCH, completedBefore(clockOf(input)));
    },
    async anonymiseCompletedBookings(input: RetentionStepInput): Promise<RetentionStepResult> {
      const cutoff = before(completedBefore(clockOf(input)), { years: retention.completedBookingYears });
      return run(ANONYMISE_BATCH, cutoff);
    },
  };
}

export type BookingRetentionActivities = ReturnType<typeof createBookingRetentionActivities>;
