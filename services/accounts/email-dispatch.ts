import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { businessKey } from '../../lib/temporal/business-key';
import { businessKeyStart } from '../../lib/temporal/start-options';
import type { TaskQueues } from '../../lib/temporal/task-queues';
import type { EmailDispatch } from './deps';

/** One delivery workflow per outbox row: its id is the row id, so a repeated dispatch is a no-op. */
export function outboxWorkflowId(outboxId: string): string {
  return `email-outbox-${businessKey(outboxId, 'outboxId')}`;
}

/** Production dispatch: starts outboxEmailWorkflow on the booking pool, its activity on notify. */
export function temporalEmailDispatch(
  client: Client,
  queues: Pick<TaskQueues, 'bookings' | 'notify'>,
): EmailDispatch {
  return async (outboxId) => {
    try {
      await client.workflow.start('outboxEmailWorkflow', {
        workflowId: outboxWorkflowId(outboxId),
        taskQueue: queues.bookings,
        args: [{ outboxId, notifyQueue: queues.notify }],
        ...businessKeyStart,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  };
}
