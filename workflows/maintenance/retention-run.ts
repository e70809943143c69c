import { proxyActivities, uuid4, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { RetentionStepResult } from '../../activities/maintenance/maintenance-activities';
import type { MaintenancePoolActivities } from '../../activities/maintenance-pool';
import type { AuditEvent } from '../../lib/audit/event';
import { maintenanceQueue, runClock, type MaintenanceWorkflowInput } from './input';

/** The maintenance activities that apply one retention rule's step (input: the run's clock). */
export type RetentionStepName = {
  [K in keyof MaintenancePoolActivities]: MaintenancePoolActivities[K] extends (input: {
    nowMs: number;
  }) => Promise<RetentionStepResult>
    ? K
    : never;
}[keyof MaintenancePoolActivities];

/** What each step's count means in the audit event. */
export type RetentionCount = 'purged' | 'anonymised' | 'compressed';

export interface RetentionRule {
  /** The rule's name in docs/retention.md and in the audit event (`retention.applied` rule). */
  rule: string;
  /** In order; the last step's cutoff is the one reported. */
  steps: ReadonlyArray<{ activity: RetentionStepName; counts: RetentionCount }>;
  options: ActivityOptions;
}

export interface RetentionSummary {
  rule: string;
  cutoff: string;
  purged: number;
  anonymised: number;
  compressed: number;
  batches: number;
  /** True when a step stopped at its batch limit: the next run goes on. */
  more: boolean;
}

/**
 * One run of a retention schedule (SEC-PRIV-03, SEC-LOG-05): each step (a batched, heartbeated,
 * resumable activity of the maintenance pool) with the run's clock (input `nowMs`, else the
 * workflow's start), then one `retention.applied` audit event with what the run removed,
 * anonymised or compressed. The event is built here (id from uuid4, time from the workflow
 * clock), so a retried write stores it once.
 */
export async function applyRetention(
  input: MaintenanceWorkflowInput,
  { rule, steps, options }: RetentionRule,
): Promise<RetentionSummary> {
  const activities = proxyActivities<MaintenancePoolActivities>({
    taskQueue: maintenanceQueue(input),
    ...options,
  });
  const nowMs = runClock(input);
  const summary: RetentionSummary = {
    rule,
    cutoff: '',
    purged: 0,
    anonymised: 0,
    compressed: 0,
    batches: 0,
    more: false,
  };
  for (const step of steps) {
    const result = await (
      activities[step.activity] as (i: { nowMs: number }) => Promise<RetentionStepResult>
    )({ nowMs });
    summary[step.counts] += result.purged;
    summary.batches += result.batches;
    summary.more ||= result.more;
    summary.cutoff = result.cutoff;
  }
  const { writeAudit } = proxyActivities<MaintenancePoolActivities>({
    taskQueue: maintenanceQueue(input),
    startToCloseTimeout: '1 minute',
    scheduleToCloseTimeout: '1 hour',
    retry: {
      initialInterval: '10 seconds',
      backoffCoefficient: 2,
      maximumInterval: '5 minutes',
      nonRetryableErrorTypes: ['InvalidAuditEvent', 'AuditEventConflict'],
    },
  });
  const event: AuditEvent = {
    eventId: uuid4(),
    occurredAt: new Date().toISOString(),
    actor: { type: 'system', id: 'retention-workflow' },
    originIp: null,
    resource: { type: 'retention', id: rule },
    type: 'retention.applied',
    outcome: 'success',
    details: {
      workflowId: workflowInfo().workflowId,
      rule,
      cutoff: summary.cutoff,
      purged: summary.purged,
      anonymised: summary.anonymised,
      compressed: summary.compressed,
      batches: summary.batches,
    },
  };
  await writeAudit(event);
  return summary;
}
