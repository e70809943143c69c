import { auditingServiceDenials } from '../../lib/audit';
import type { Actor } from '../../lib/rbac';
import type { BookingOrigin, BookingsDeps } from './deps';

/**
 * Runs a booking service call so that its refusals (403, or the 404 for someone else's booking)
 * are audited as `authz.access_denied` with the actor, the origin and the booking (SEC-LOG-03).
 */
export function bookingDenialsAudited<T>(
  deps: Pick<BookingsDeps, 'audit' | 'logger'>,
  actor: Actor,
  origin: BookingOrigin,
  target: { action: string; bookingId?: string },
  work: () => Promise<T>,
): Promise<T> {
  const resource = target.bookingId ? { type: 'booking', id: target.bookingId } : undefined;
  return auditingServiceDenials(deps, actor, origin, { action: target.action, resource }, work);
}
