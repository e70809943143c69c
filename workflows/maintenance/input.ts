import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import type { TaskQueues } from '../../lib/temporal/task-queues';

/**
 * What every scheduled maintenance workflow receives: the queue its activities run on. The
 * schedule (tools/schedules/definitions.ts) fills it from lib/temporal/task-queues, so the history
 * records where each activity was sent.
 */
export interface MaintenanceWorkflowInput {
  taskQueues: Pick<TaskQueues, 'maintenance'>;
  /**
   * "Now" for a retention rule's cutoff, epoch ms; by default the workflow's start time (a
   * schedule's run: its start). Tests pass it so that no period has to pass for real.
   */
  nowMs?: number;
}

/** The maintenance queue from the input; a schedule with a malformed input fails at once. */
export function maintenanceQueue(input: MaintenanceWorkflowInput): string {
  const queue: unknown = input?.taskQueues?.maintenance;
  if (typeof queue !== 'string' || queue === '') {
    throw ApplicationFailure.nonRetryable('input.taskQueues.maintenance is required', 'InvalidWorkflowInput');
  }
  return queue;
}

/** The run's clock: `input.nowMs`, else the workflow's start time; a malformed one fails at once. */
export function runClock(input: MaintenanceWorkflowInput): number {
  const nowMs: unknown = input?.nowMs;
  if (nowMs === undefined) return workflowInfo().startTime.getTime();
  if (typeof nowMs !== 'number' || !Number.isSafeInteger(nowMs) || nowMs < 0) {
    throw ApplicationFailure.nonRetryable('input.nowMs must be epoch milliseconds', 'InvalidWorkflowInput');
  }
  return nowMs;
}
