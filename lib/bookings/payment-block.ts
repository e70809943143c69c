import { activeBlock, secondsLeft } from '../../activities/payments/payment-blocks';
import { paymentModels } from '../../db/models/payment-models';
import { newAuditEvent } from '../audit';
import { AppError } from '../errors';
import type { Actor } from '../rbac';
import type { BookingOrigin, BookingsDeps } from './deps';

/**
 * SEC-PAY-06 at the door: a user whose payments are blocked after repeated declines books
 * nothing until the block ends (429 `PAYMENTS_BLOCKED`, Retry-After). Each refusal is audited
 * with the caller's address, a card tester's trail; the payments limit (5 / 15 min) bounds how
 * many such rows one user can cause.
 */
export async function refuseIfPaymentsBlocked(
  deps: BookingsDeps,
  actor: Actor,
  origin: BookingOrigin,
): Promise<void> {
  const now = new Date();
  const block = await activeBlock(paymentModels(deps.models.Booking.sequelize!), actor.id, now);
  if (!block) return;
  const retryAfter = secondsLeft(block, now);
  await deps.audit.append(
    newAuditEvent({
      type: 'payment.blocked',
      actor: { type: 'user', id: actor.id },
      outcome: 'denied',
      originIp: origin.ip,
      resource: { type: 'user', id: actor.id },
      details: { blockedForSeconds: retryAfter, ...(origin.requestId && { requestId: origin.requestId }) },
    }),
  );
  throw new AppError(
    429,
    'PAYMENTS_BLOCKED',
    'Payments are paused for this account after repeated declines; try again later',
    undefined,
    { 'Retry-After': String(retryAfter) },
  );
}
