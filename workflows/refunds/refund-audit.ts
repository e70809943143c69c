import { uuid4, workflowInfo } from '@temporalio/workflow';
import type { AuditEvent } from '../../lib/audit/event';
import type { RefundWorkflowInput } from './messages';

type WorkflowRefundEvent =
  | { type: 'refund.escalated'; waitedSeconds: number }
  | { type: 'refund.expired' }
  | { type: 'refund.issued'; refundStatus: string };

/**
 * What the workflow itself audits (SEC-LOG-03): escalation, expiry and the issued refund, acts of
 * the system. A person's request, approval or denial is audited by the refund services, which
 * know the origin address. Built in workflow code so a retried write keeps its event id and time.
 */
export function refundEvent(input: RefundWorkflowInput, event: WorkflowRefundEvent): AuditEvent {
  const { type, ...extra } = event;
  const failed =
    type === 'refund.expired' || (event.type === 'refund.issued' && event.refundStatus === 'failed');
  return {
    eventId: uuid4(),
    occurredAt: new Date().toISOString(),
    actor: { type: 'system', id: 'refund-workflow' },
    originIp: null,
    resource: { type: 'refund', id: input.refundId },
    type,
    outcome: failed ? 'failure' : 'success',
    details: {
      workflowId: workflowInfo().workflowId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      ...extra,
    },
  };
}
