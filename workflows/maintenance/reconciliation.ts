import { proxyActivities, uuid4, workflowInfo, type RetryPolicy } from '@temporalio/workflow';
import type { NotifyPoolActivities } from '../../activities/notify-pool';
import type { PaymentsPoolActivities } from '../../activities/payments-pool';
import type { ReconcileDayResult } from '../../activities/payments/reconciliation';
import type { AuditEvent } from '../../lib/audit/event';
import type { Actor } from '../../lib/rbac';
import type { TaskQueues } from '../../lib/temporal/task-queues';
import { maintenanceQueue } from './input';

const DAY_MS = 86_400_000;
const RETRY: RetryPolicy = {
  initialInterval: '10 seconds',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
};

/** The platform acting on its own to release a stale authorisation: support's right to cancel. */
const RECONCILIATION_ACTOR: Actor = { id: 'reconciliation-workflow', role: 'PLATFORM_ADMIN' };

export interface ReconciliationWorkflowInput {
  taskQueues: Pick<TaskQueues, 'maintenance' | 'payments' | 'notify'>;
  /** The UTC day to compare, `YYYY-MM-DD`; by default the day before the run's start. */
  day?: string;
  /** "Now" for "past its booking's end", epoch ms; by default the workflow's clock. */
  nowMs?: number;
}

export interface ReconciliationSummary extends Omit<ReconcileDayResult, 'staleAuthorisations'> {
  findings: Record<string, number>;
  authorisationsCancelled: number;
}

function queueOf(input: ReconciliationWorkflowInput, pool: 'payments' | 'notify'): string {
  const queue = input?.taskQueues?.[pool];
  return typeof queue === 'string' && queue !== '' ? queue : maintenanceQueue(input);
}

/**
 * Issue 17.5, daily by schedule: compares Stripe's charges and refunds of a day with the
 * platform's payments and refunds (the payments pool's `reconcileStripeDay`, resumable from its
 * heartbeat), cancels authorisations left open past their booking's end (the one automatic fix,
 * with the payments pool's `cancelPaymentIntent` and its key `booking/<id>/cancel`), audits one
 * `reconciliation.completed` and mails the day's summary once (the notify pool's outbox, keyed by
 * the day, to RECONCILIATION_REPORT_TO). Day and clock come from the input or the
 * workflow clock, so a run replays identically.
 */
export async function reconciliationWorkflow(
  input: ReconciliationWorkflowInput,
): Promise<ReconciliationSummary> {
  const payments = proxyActivities<PaymentsPoolActivities>({
    taskQueue: queueOf(input, 'payments'),
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: '2 minutes',
    scheduleToCloseTimeout: '10 hours',
    retry: { ...RETRY, nonRetryableErrorTypes: ['InvalidInput'] },
  });
  const notify = proxyActivities<NotifyPoolActivities>({
    taskQueue: queueOf(input, 'notify'),
    startToCloseTimeout: '1 minute',
    scheduleToCloseTimeout: '1 hour',
    retry: {
      ...RETRY,
      nonRetryableErrorTypes: [
        'InvalidAuditEvent',
        'AuditEventConflict',
        'InvalidEmail',
        'InvalidInput',
        'EmailRejected',
        'OutboxRowMissing',
      ],
    },
  });
  const nowMs = input.nowMs ?? Date.now();
  const day = input.day ?? new Date(workflowInfo().startTime.getTime() - DAY_MS).toISOString().slice(0, 10);

  const result = await payments.reconcileStripeDay({ day, nowMs });
  const cancelled: string[] = [];
  for (const stale of result.staleAuthorisations) {
    const outcome = await payments.cancelPaymentIntent({
      actor: RECONCILIATION_ACTOR,
      bookingId: stale.bookingId,
    });
    if (outcome.outcome === 'canceled') cancelled.push(stale.paymentId);
  }
  await payments.markAuthorisationsCancelled({ day, paymentIds: cancelled });
  const findings = await payments.countFindings({ day });
  const summary: ReconciliationSummary = {
    day,
    compared: result.compared,
    stored: result.stored,
    findings,
    authorisationsCancelled: cancelled.length,
  };
  const total = Object.values(findings).reduce((sum, n) => sum + n, 0);
  const event: AuditEvent = {
    eventId: uuid4(),
    occurredAt: new Date().toISOString(),
    actor: { type: 'system', id: 'reconciliation-workflow' },
    originIp: null,
    resource: { type: 'reconciliation', id: day },
    type: 'reconciliation.completed',
    outcome: 'success',
    details: {
      workflowId: workflowInfo().workflowId,
      day,
      compared: summary.compared,
      newFindings: summary.stored,
      findings: total,
      authorisationsCancelled: cancelled.length,
    },
  };
  await notify.writeAudit(event);
  // One summary per day to the notify pool's configured mailbox: a re-run finds the row sent.
  const outboxId = await notify.queueReconciliationSummary({
    day,
    compared: summary.compared,
    newFindings: summary.stored,
    authorisationsCancelled: cancelled.length,
    findings,
  });
  await notify.deliverOutboxEmail(outboxId);
  return summary;
}
