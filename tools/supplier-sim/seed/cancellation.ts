import { createHash } from 'node:crypto';
import type { CancellationPolicy } from '../../../services/bookings/cancellation-policy';

const HOTEL_TERMS: CancellationPolicy[] = [
  { freeUntilDays: 1, lateDeductionPercent: 100 },
  { freeUntilDays: 2, lateDeductionPercent: 50 },
  { freeUntilDays: 3, lateDeductionPercent: 30 },
  { freeUntilDays: 7, lateDeductionPercent: 50 },
  { freeUntilDays: 14, lateDeductionPercent: 100 },
  { freeUntilDays: 0, lateDeductionPercent: 100 },
];
const FARE_TERMS: CancellationPolicy[] = [
  { freeUntilDays: 1, lateDeductionPercent: 25 },
  { freeUntilDays: 7, lateDeductionPercent: 50 },
  { freeUntilDays: 30, lateDeductionPercent: 100 },
  { freeUntilDays: 0, lateDeductionPercent: 100 },
];

/**
 * The cancellation terms of one hotel or flight, chosen by a hash of its id rather than drawn
 * from the seed's random stream: every other generated value (prices, availability) stays as it
 * was before hotels and fares had terms.
 */
export function cancellationPolicyFor(id: string): CancellationPolicy {
  const terms = id.startsWith('F') ? FARE_TERMS : HOTEL_TERMS;
  const index = createHash('sha256').update(id).digest().readUInt32BE(0) % terms.length;
  return { ...terms[index]! };
}
