import { errors } from '../../lib/errors';
import { freeCancellationUntil } from '../bookings/cancellation-policy';
import type { CancellationDocument } from './documents';

/** A hit's cancellation terms as search answers show them. */
export interface CancellationView {
  freeUntilDays: number;
  lateDeductionPercent: number;
  /** When the stay or flight starts (ISO 8601, UTC): the terms count back from here. */
  startsAt: string;
  /** The last free moment (ISO 8601, UTC) for this stay or flight. */
  freeUntil: string;
}

/**
 * The indexed terms of a hit for a stay or flight starting at `startsAt`. A document without
 * terms comes from an index built before hotels and fares had them: the answer is refused as
 * unavailable (the next inventory sync rebuilds the index) rather than shown without terms.
 */
export function cancellationView(terms: CancellationDocument | undefined, startsAt: Date): CancellationView {
  if (!terms) throw errors.unavailable('Search is being reindexed; try again shortly');
  const policy = { freeUntilDays: terms.free_until_days, lateDeductionPercent: terms.late_deduction_percent };
  return {
    ...policy,
    startsAt: startsAt.toISOString(),
    freeUntil: freeCancellationUntil(policy, startsAt).toISOString(),
  };
}
