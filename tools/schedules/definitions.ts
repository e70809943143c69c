import {
  ScheduleOverlapPolicy,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import {
  auditCheckpointWorkflow,
  accountTokenPurgeWorkflow,
  auditRetentionWorkflow,
  bookingAnonymisationWorkflow,
  bookingCompletionWorkflow,
  idempotencyPurgeWorkflow,
  orphanBookingSweepWorkflow,
  inventorySyncWorkflow,
  reconciliationWorkflow,
  refreshTokenPurgeWorkflow,
  securityLogRotationWorkflow,
  softDeletedAccountPurgeWorkflow,
  webhookEventPurgeWorkflow,
  type MaintenanceWorkflowInput,
} from '../../workflows/maintenance-pool';
import { taskQueues, type Pool, type TaskQueues } from '../../lib/temporal/task-queues';

export type MaintenanceWorkflow = (input: MaintenanceWorkflowInput) => Promise<unknown>;

export interface ScheduleDefinition {
  /** The schedule id after the deployment prefix: `travelhub-<name>`. */
  name: string;
  requirement: string;
  description: string;
  workflow: MaintenanceWorkflow;
  /** The pool whose queue runs the workflow (and, through its input, its activities). */
  pool: Pool;
  every: Duration;
  /** After an outage, missed runs within this window still start (one at a time: SKIP). */
  catchupWindow: Duration;
  /** A run still going after this is ended, so SKIP never blocks the schedule for good. */
  workflowExecutionTimeout: Duration;
  /** Pools besides maintenance whose queues the input names (their activities run there). */
  alsoQueues?: readonly Exclude<Pool, 'maintenance'>[];
}

/**
 * Every Temporal Schedule of the platform, in one place (DESIGN.md "Scheduled workflows"). Each
 * skips a run while the previous one is still going (overlap SKIP) and ends a run before the
 * next one is due.
 */
export const SCHEDULES: readonly ScheduleDefinition[] = Object.freeze([
  {
    name: 'audit-checkpoint',
    requirement: 'SEC-LOG-04',
    description: 'signs an Ed25519 checkpoint of the audit chain',
    workflow: auditCheckpointWorkflow,
    pool: 'maintenance',
    every: '15 minutes',
    catchupWindow: '15 minutes',
    workflowExecutionTimeout: '14 minutes',
  },
  {
    name: 'audit-retention',
    requirement: 'SEC-LOG-05',
    description: 'expires audit log segments older than 18 months at a signed checkpoint',
    workflow: auditRetentionWorkflow,
    pool: 'maintenance',
    every: '1 day',
    catchupWindow: '1 day',
    workflowExecutionTimeout: '12 hours',
  },
  {
    name: 'idempotency-purge',
    requirement: 'SEC-PRIV-03',
    description: 'purges idempotency records past their 24-hour retention',
    workflow: idempotencyPurgeWorkflow,
    pool: 'maintenance',
    every: '1 hour',
    catchupWindow: '1 hour',
    workflowExecutionTimeout: '55 minutes',
  },
  {
    name: 'orphan-booking-sweep',
    requirement: 'SEC-IDEM-02',
    description: 'fails PENDING bookings an accept left without a saga (older than the bound, no workflow)',
    workflow: orphanBookingSweepWorkflow,
    pool: 'maintenance',
    every: '15 minutes',
    catchupWindow: '15 minutes',
    workflowExecutionTimeout: '14 minutes',
  },
  {
    name: 'webhook-event-purge',
    requirement: 'SEC-PAY-03',
    description: 'purges accepted Stripe event ids past their retention (2 x tolerance at least)',
    workflow: webhookEventPurgeWorkflow,
    pool: 'maintenance',
    every: '1 hour',
    catchupWindow: '1 hour',
    workflowExecutionTimeout: '55 minutes',
  },
  {
    name: 'inventory-sync',
    requirement: 'SEC-SUP-02',
    description:
      'reindexes every supplier feed into OpenSearch; a failing supplier keeps its last good index',
    workflow: inventorySyncWorkflow,
    pool: 'maintenance',
    every: '30 minutes',
    catchupWindow: '30 minutes',
    workflowExecutionTimeout: '25 minutes',
  },
  {
    name: 'reconciliation',
    requirement: 'SEC-PAY-02',
    description:
      "compares yesterday's Stripe charges and refunds with the platform's; cancels authorisations left open past their booking's end; mails the day's summary to RECONCILIATION_REPORT_TO",
    workflow: reconciliationWorkflow as MaintenanceWorkflow,
    pool: 'maintenance',
    every: '1 day',
    catchupWindow: '1 day',
    workflowExecutionTimeout: '12 hours',
    // The Stripe key and the payment data keys live in the payments pool only; audit and mail in notify.
    alsoQueues: ['payments', 'notify'],
  },
  // SECURITY.md's retention list, one schedule per row (docs/retention.md); each run audits
  // `retention.applied` with what it removed.
  {
    name: 'refresh-token-purge',
    requirement: 'SEC-PRIV-03',
    description: 'purges refresh-token families past their absolute expiry (expired sessions)',
    workflow: refreshTokenPurgeWorkflow,
    pool: 'maintenance',
    every: '1 hour',
    catchupWindow: '1 hour',
    workflowExecutionTimeout: '55 minutes',
  },
  {
    name: 'account-token-purge',
    requirement: 'SEC-PRIV-03',
    description: 'purges expired password-reset and email-verification tokens',
    workflow: accountTokenPurgeWorkflow,
    pool: 'maintenance',
    every: '1 hour',
    catchupWindow: '1 hour',
    workflowExecutionTimeout: '55 minutes',
  },
  {
    name: 'booking-completion',
    requirement: 'SEC-PRIV-03',
    description: "completes bookings 90 days after the trip's end: notes and passport numbers removed",
    workflow: bookingCompletionWorkflow,
    pool: 'maintenance',
    every: '1 day',
    catchupWindow: '1 day',
    workflowExecutionTimeout: '12 hours',
  },
  {
    name: 'booking-anonymisation',
    requirement: 'SEC-PRIV-03',
    description: 'anonymises bookings 7 years after completion: passengers deleted, amounts kept',
    workflow: bookingAnonymisationWorkflow,
    pool: 'maintenance',
    every: '1 day',
    catchupWindow: '1 day',
    workflowExecutionTimeout: '12 hours',
  },
  {
    name: 'soft-deleted-account-purge',
    requirement: 'SEC-PRIV-03',
    description: 'erases accounts 30 days after their deletion was asked, if their erasure workflow has not',
    workflow: softDeletedAccountPurgeWorkflow,
    pool: 'maintenance',
    every: '1 day',
    catchupWindow: '1 day',
    workflowExecutionTimeout: '12 hours',
  },
  {
    name: 'security-log-rotation',
    requirement: 'SEC-LOG-05',
    description: "gzips finished days' security log files and deletes those older than 12 months",
    workflow: securityLogRotationWorkflow,
    pool: 'maintenance',
    every: '1 day',
    catchupWindow: '1 day',
    workflowExecutionTimeout: '12 hours',
  },
]);

export const DEFAULT_SCHEDULE_PREFIX = 'travelhub';
const PREFIX_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

export interface ScheduleTarget {
  /** Where workflows and activities run; tests and previews pass suffixed queues. */
  queues?: TaskQueues;
  /** Schedule ids are `<prefix>-<name>`; tests and previews pass their own. */
  prefix?: string;
}

export function scheduleId(definition: Pick<ScheduleDefinition, 'name'>, prefix = DEFAULT_SCHEDULE_PREFIX) {
  if (!PREFIX_PATTERN.test(prefix))
    throw new Error('schedule prefix must be 1-40 characters of a-z, 0-9 and -');
  return `${prefix}-${definition.name}`;
}

/** The complete desired state of one schedule, as ScheduleClient.create takes it. */
export function scheduleOptions(
  definition: ScheduleDefinition,
  { queues = taskQueues(), prefix = DEFAULT_SCHEDULE_PREFIX }: ScheduleTarget = {},
): ScheduleOptions<ScheduleOptionsStartWorkflowAction<MaintenanceWorkflow>> {
  const id = scheduleId(definition, prefix);
  const also = Object.fromEntries((definition.alsoQueues ?? []).map((pool) => [pool, queues[pool]]));
  const input: MaintenanceWorkflowInput = { taskQueues: { maintenance: queues.maintenance, ...also } };
  return {
    scheduleId: id,
    spec: { intervals: [{ every: definition.every }] },
    action: {
      type: 'startWorkflow',
      workflowType: definition.workflow,
      // The server appends each run's scheduled time, so every run has its own id.
      workflowId: id,
      taskQueue: queues[definition.pool],
      args: [input],
      workflowExecutionTimeout: definition.workflowExecutionTimeout,
    },
    policies: {
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: definition.catchupWindow,
      pauseOnFailure: false,
    },
    state: { note: `${definition.requirement}: ${definition.description}` },
  };
}
