import { ApplicationFailure } from '@temporalio/workflow';
import type { TaskQueues } from '../../lib/temporal/task-queues';

/**
 * What every scheduled maintenance workflow receives: the queue its activities run on. The
 * schedule (tools/schedules/definitions.ts) fills it from lib/temporal/task-queues, so the history
 * records where each activity was sent.
 */
export interface MaintenanceWorkflowInput {
  taskQueues: Pick<TaskQueues, 'maintenance'>;
}

/** The maintenance queue from the input; a schedule with a malformed input fails at once. */
export function maintenanceQueue(input: MaintenanceWorkflowInput): string {
  const queue: unknown = input?.taskQueues?.maintenance;
  if (typeof queue !== 'string' || queue === '') {
    throw ApplicationFailure.nonRetryable('input.taskQueues.maintenance is required', 'InvalidWorkflowInput');
  }
  return queue;
}
