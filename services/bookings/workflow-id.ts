import { createHash } from 'node:crypto';
import { businessKey } from '../../lib/temporal/business-key';

/**
 * SEC-IDEM-02: the booking workflow's id from (user, Idempotency-Key). With businessKeyStart
 * Temporal refuses a second workflow for the same pair, open or closed, whatever Redis forgot.
 */
export function bookingWorkflowId(userId: string, idempotencyKey: string): string {
  const keyHash = createHash('sha256').update(`${userId}\n${idempotencyKey.toLowerCase()}`).digest('hex');
  return `booking-${businessKey(userId, 'userId')}-${businessKey(keyHash, 'key hash')}`;
}
