import { createHash } from 'node:crypto';
import type { CanonicalIdempotencyKey } from '../../lib/idempotency';
import { businessKey } from '../../lib/temporal/business-key';

/**
 * SEC-IDEM-02: the booking workflow's id from (user, Idempotency-Key). With businessKeyStart
 * Temporal refuses a second workflow for the same pair, open or closed, whatever Redis forgot.
 * The key is the canonical one (lower case, as the idempotency middleware parsed it).
 */
export function bookingWorkflowId(userId: string, idempotencyKey: CanonicalIdempotencyKey): string {
  const keyHash = createHash('sha256').update(`${userId}\n${idempotencyKey}`).digest('hex');
  return `booking-${businessKey(userId, 'userId')}-${businessKey(keyHash, 'key hash')}`;
}
