import { errors } from '../../lib/errors';
import { freeCancellationUntil } from '../bookings/cancellation-policy';
import type { CancellationDocument } from './documents';
import type { CancellationView } from './answer-types';

export type { CancellationView };

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
