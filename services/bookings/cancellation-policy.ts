import type { StoredCancellationPolicy } from '../../db/models/booking';
import { DAY_MS, dayNumber } from '../../lib/dates/calendar-days';

/**
 * A hotel's or a fare's cancellation terms, one tier as QloApps' rules have them: a full refund
 * until `freeUntilDays` days before the stay or flight starts, then `lateDeductionPercent` of what
 * was paid is kept; nothing is cancellable once it has started. The supplier sets them (the
 * simulator seeds them per hotel and per flight); a booking keeps the terms it was confirmed on.
 */
export type CancellationPolicy = StoredCancellationPolicy;

export const MAX_FREE_UNTIL_DAYS = 365;

/** The policy's own bounds; anything else from a supplier is refused, never guessed at. */
export function isCancellationPolicy(value: unknown): value is CancellationPolicy {
  if (typeof value !== 'object' || value === null) return false;
  const { freeUntilDays, lateDeductionPercent } = value as Record<string, unknown>;
  return (
    Number.isInteger(freeUntilDays) &&
    (freeUntilDays as number) >= 0 &&
    (freeUntilDays as number) <= MAX_FREE_UNTIL_DAYS &&
    Number.isInteger(lateDeductionPercent) &&
    (lateDeductionPercent as number) >= 0 &&
    (lateDeductionPercent as number) <= 100
  );
}

/** Check-in time, in hours after the check-in day's UTC midnight (the day is read in UTC like every stay's nights). */
const CHECK_IN_HOUR = 15;

/**
 * When a stay checking in on `checkIn` (`YYYY-MM-DD`) starts, for its cancellation terms: the
 * check-in day at 15:00 UTC. The one place this is said; the simulator and search use it.
 */
export function stayStartsAt(checkIn: string): Date {
  return new Date(dayNumber(checkIn) * DAY_MS + CHECK_IN_HOUR * 3_600_000);
}

/** The last moment a cancellation is free: `freeUntilDays` whole days before the start. */
export function freeCancellationUntil(policy: CancellationPolicy, startsAt: Date): Date {
  return new Date(startsAt.getTime() - policy.freeUntilDays * DAY_MS);
}

export interface CancellationTerms {
  phase: 'free' | 'late';
  /** What the customer gets back, in minor units: never more than was paid. */
  refundMinor: number;
  deductionMinor: number;
  /** These terms hold until then (exclusive): the free deadline, or the start. */
  holdsUntil: Date;
}

/**
 * The refund for cancelling at `now` a booking that paid `paidMinor`, or undefined once the stay
 * or flight has started. Percentages round half up to a whole minor unit.
 */
export function cancellationTerms(
  policy: CancellationPolicy,
  startsAt: Date,
  paidMinor: number,
  now: Date,
): CancellationTerms | undefined {
  if (now.getTime() >= startsAt.getTime()) return undefined;
  const freeUntil = freeCancellationUntil(policy, startsAt);
  if (now.getTime() < freeUntil.getTime()) {
    return { phase: 'free', refundMinor: paidMinor, deductionMinor: 0, holdsUntil: freeUntil };
  }
  const deductionMinor = Math.min(paidMinor, Math.round((paidMinor * policy.lateDeductionPercent) / 100));
  return { phase: 'late', refundMinor: paidMinor - deductionMinor, deductionMinor, holdsUntil: startsAt };
}
