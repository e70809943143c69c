import { proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { DatabaseCheck } from '../../activities/health/health-activities';
import type { MaintenancePoolActivities } from '../../activities/maintenance-pool';
import type { SentEmail } from '../../activities/notify/notify-activities';
import type { NotifyPoolActivities } from '../../activities/notify-pool';
import type { TaskQueues } from '../../lib/temporal/task-queues';
import { BOOKING_STATUS } from '../search-attributes';

export interface PlatformCheckInput {
  checkId: string;
  /** Who receives the check's email (an operator mailbox). */
  recipient: string;
  /** Where each activity group runs; the starter fills these from lib/temporal/task-queues. */
  taskQueues: Pick<TaskQueues, 'maintenance' | 'notify'>;
}

export interface PlatformCheckResult {
  checkId: string;
  workflowId: string;
  workflowTaskQueue: string;
  database: DatabaseCheck;
  email: SentEmail;
}

/**
 * A synthetic booking path: workflow code on the booking queue, a database read on the
 * maintenance queue, an email on the notify queue. Operators run it after a deployment to prove
 * every hop works; it carries the booking search attributes so it is found like a booking.
 */
export async function platformCheckWorkflow(input: PlatformCheckInput): Promise<PlatformCheckResult> {
  const { checkDatabase } = proxyActivities<MaintenancePoolActivities>({
    taskQueue: input.taskQueues.maintenance,
    startToCloseTimeout: '10 seconds',
    scheduleToCloseTimeout: '2 minutes',
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '20 seconds',
      maximumAttempts: 5,
    },
  });
  const { sendEmail } = proxyActivities<NotifyPoolActivities>({
    taskQueue: input.taskQueues.notify,
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: '5 minutes',
    retry: {
      initialInterval: '2 seconds',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      maximumAttempts: 5,
      nonRetryableErrorTypes: ['InvalidEmail', 'EmailRejected'],
    },
  });

  const database = await checkDatabase();
  upsertSearchAttributes([{ key: BOOKING_STATUS, value: 'DATABASE_CHECKED' }]);

  const email = await sendEmail({
    to: input.recipient,
    subject: `TravelHub platform check ${input.checkId}`,
    text: `Platform check ${input.checkId} passed.\nDatabase time: ${database.databaseTime}\n`,
  });
  upsertSearchAttributes([{ key: BOOKING_STATUS, value: 'COMPLETED' }]);

  const info = workflowInfo();
  return {
    checkId: input.checkId,
    workflowId: info.workflowId,
    workflowTaskQueue: info.taskQueue,
    database,
    email,
  };
}
