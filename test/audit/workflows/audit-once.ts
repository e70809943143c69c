import { proxyActivities, uuid4 } from '@temporalio/workflow';
import type { AuditActivities } from '../../../activities/audit/audit-activities';
import type { AuditEvent } from '../../../lib/audit/event';

const { writeAudit } = proxyActivities<AuditActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '50 milliseconds', backoffCoefficient: 1, maximumAttempts: 5 },
});

export type AuditFields = Omit<AuditEvent, 'eventId' | 'occurredAt'>;

/**
 * The pattern a workflow follows to audit a state change: the event id and time come from the
 * workflow (deterministic, so every activity attempt carries the same event), then writeAudit.
 */
export async function auditOnceWorkflow(fields: AuditFields) {
  const event: AuditEvent = { ...fields, eventId: uuid4(), occurredAt: new Date().toISOString() };
  return writeAudit(event);
}
