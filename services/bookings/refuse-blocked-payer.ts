import { secondsLeft } from '../payments/payment-blocks';
import { AppError } from '../../lib/errors';
import type { Actor } from '../../lib/rbac';
import { auditBooker } from './booker-audit';
import type { BookingOrigin, BookingsDeps } from './deps';

/**
 * SEC-PAY-06 at the door: a user whose payments are blocked after repeated declines books
 * nothing until the block ends (429 `PAYMENTS_BLOCKED`, Retry-After). Each refusal is audited
 * with the caller's address, a card tester's trail; the payments limit (5 / 15 min) bounds how
 * many such rows one user can cause. `blockedUntil` is the end of the longest block in force at
 * `now` (read with the other preconditions, services/bookings/accept-rows.ts).
 */
export async function refuseIfPaymentsBlocked(
  deps: BookingsDeps,
  actor: Actor,
  origin: BookingOrigin,
  blockedUntil: Date | null,
  now: Date,
): Promise<void> {
  if (!blockedUntil) return;
  const retryAfter = secondsLeft({ blocked_until: blockedUntil }, now);
  await auditBooker(deps, actor, origin, {
    type: 'payment.blocked',
    outcome: 'denied',
    resource: { type: 'user', id: actor.id },
    details: { blockedForSeconds: retryAfter },
  });
  throw new AppError(
    429,
    'PAYMENTS_BLOCKED',
    'Payments are paused for this account after repeated declines; try again later',
    undefined,
    { 'Retry-After': String(retryAfter) },
  );
}
