import { proxyActivities, uuid4 } from '@temporalio/workflow';
import type { AuditActivities } from '../../../activities/audit/audit-activities';
import type { AuditEvent } from '../../../lib/audit/event';

export interface AuditViaNotifyInput {
  notifyQueue: string;
  fields: Omit<AuditEvent, 'eventId' | 'occurredAt'>;
}

/** Writes one audit event through `writeAudit` on the notify queue given in the input. */
export async function auditViaNotifyWorkflow({ notifyQueue, fields }: AuditViaNotifyInput) {
  const { writeAudit } = proxyActivities<AuditActivities>({
    taskQueue: notifyQueue,
    startToCloseTimeout: '30 seconds',
    retry: { maximumAttempts: 3 },
  });
  return writeAudit({ ...fields, eventId: uuid4(), occurredAt: new Date().toISOString() });
}
