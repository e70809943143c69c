import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { businessKey } from '../../lib/temporal/business-key';
import { businessKeyStart } from '../../lib/temporal/start-options';
import type { TaskQueues } from '../../lib/temporal/task-queues';
import { platformCheckWorkflow, type PlatformCheckInput } from '../../workflows/platform/platform-check';
import { BOOKING_ID, BOOKING_STATUS, CUSTOMER_ID } from '../../lib/temporal/search-attributes';

/** One platform check per check id (for example a date or a deployment id). */
export function platformCheckWorkflowId(checkId: string): string {
  return `platform-check-${businessKey(checkId, 'checkId')}`;
}

export interface StartPlatformCheck {
  checkId: string;
  recipient: string;
  queues: TaskQueues;
}

/**
 * Starts the platform check on the booking queue with its id from the check id; a second start
 * for the same check id is rejected (WorkflowExecutionAlreadyStartedError).
 */
export function startPlatformCheck(
  client: Client,
  { checkId, recipient, queues }: StartPlatformCheck,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof platformCheckWorkflow>> {
  const input: PlatformCheckInput = {
    checkId,
    recipient,
    taskQueues: { maintenance: queues.maintenance, notify: queues.notify },
  };
  return client.workflow.start(platformCheckWorkflow, {
    taskQueue: queues.bookings,
    workflowId: platformCheckWorkflowId(checkId),
    ...businessKeyStart,
    workflowExecutionTimeout: '10 minutes',
    typedSearchAttributes: [
      { key: BOOKING_ID, value: `check-${checkId}` },
      { key: CUSTOMER_ID, value: 'platform-check' },
      { key: BOOKING_STATUS, value: 'STARTED' },
    ],
    args: [input],
  });
}
