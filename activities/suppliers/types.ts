import type { SupplierName } from '../../lib/config/schema';
import type { CancellationPolicy } from '../../services/bookings/cancellation-policy';

export type { SupplierName };
export type { FlightItem, HotelItem, SupplierItem } from '../../services/bookings/booking-saga';

export interface SupplierQuote {
  available: boolean;
  totalMinor: number;
  currency: string;
}

export type HoldStatus = 'held' | 'confirmed' | 'released' | 'expired' | 'cancelled';

/** A supplier hold as validated from the supplier's answer (SEC-SUP-03). Ids only, no personal data. */
export interface SupplierHold {
  holdId: string;
  status: HoldStatus;
  totalMinor: number;
  currency: string;
  expiresAt: string;
  confirmationCode: string | null;
  /** ISO date-time (UTC) the stay or flight starts: cancellation terms count back from it. */
  startsAt: string;
  cancellationPolicy: CancellationPolicy;
  cancellation: { feeMinor: number; refundMinor: number } | null;
}

export interface SupplierRelease {
  /** False when there was nothing to release (never held, already released or expired). */
  released: boolean;
  holdId: string | null;
}

export interface FeedPage<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
  /** Items the supplier sent that failed validation: dropped, never passed on (SEC-SUP-03). */
  rejected: number;
  availabilityStart: string;
  days: number;
}

/**
 * One supplier partner. Every mutation carries an idempotency token derived from the booking
 * (`booking/<id>/hold`, …), so an activity retry can never take a second hold or confirm twice.
 */
export interface SupplierAdapter<Item, FeedItem> {
  readonly name: SupplierName;
  quote(item: Item): Promise<SupplierQuote>;
  /** `changeId`: a booking change's own hold, keyed `booking/<id>/change/<changeId>/…`. */
  hold(
    bookingId: string,
    item: Item,
    options?: { ttlSeconds?: number; changeId?: string },
  ): Promise<SupplierHold>;
  confirm(bookingId: string, holdId: string, changeId?: string): Promise<SupplierHold>;
  /** Releases the booking's (or the change's) hold, if any: a no-op for a hold that never existed. */
  release(bookingId: string, changeId?: string): Promise<SupplierRelease>;
  cancel(bookingId: string, holdId: string, changeId?: string): Promise<SupplierHold>;
  feedPage(cursor?: string | null, limit?: number): Promise<FeedPage<FeedItem>>;
}
