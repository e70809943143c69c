import { proxyActivities } from '@temporalio/workflow';
import type { OutboxActivities, OutboxDelivery } from '../../activities/notify/deliver-outbox-email';

export interface OutboxEmailInput {
  /** An email_outbox row id: the only thing the history holds (no address, no link). */
  outboxId: string;
  /** The notify pool's task queue; the starter fills it from lib/temporal/task-queues. */
  notifyQueue: string;
}

/**
 * Delivers one outbox email through the notify pool. The activity is idempotent (a row already
 * sent is not sent again; a retried send carries the same Message-ID), so retries are safe.
 */
export async function outboxEmailWorkflow(input: OutboxEmailInput): Promise<OutboxDelivery> {
  const { deliverOutboxEmail } = proxyActivities<OutboxActivities>({
    taskQueue: input.notifyQueue,
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: '1 hour',
    retry: {
      initialInterval: '2 seconds',
      backoffCoefficient: 2,
      maximumInterval: '5 minutes',
      nonRetryableErrorTypes: ['InvalidEmail', 'EmailRejected', 'OutboxRowMissing'],
    },
  });
  return deliverOutboxEmail(input.outboxId);
}
