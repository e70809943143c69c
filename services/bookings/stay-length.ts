/**
 * SEC-VAL-02: a stay is check-in < check-out ≤ 30 nights. The one bound every place that takes a
 * stay holds to: the booking body (booking-input.ts), the hotel search (api/routes/search) and
 * the supplier simulator's quotes and holds (tools/supplier-sim).
 */
export const MAX_NIGHTS = 30;

/** True for a stay of 1 to `MAX_NIGHTS` nights. */
export function isStayLength(nights: number): boolean {
  return nights >= 1 && nights <= MAX_NIGHTS;
}
