import type { Client } from '@temporalio/client';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { OrphanBookingSweepResult } from '../../activities/maintenance/orphan-booking-sweep';
import type { TaskQueues } from '../../lib/temporal/task-queues';
import { orphanBookingSweepWorkflow } from '../../workflows/maintenance-pool';
import type { PlannedBooking } from './plan';
import { TERMINAL_STATUSES } from './settle';
import { workflowStatusOf } from './workflow-status';

/** Every PENDING booking of the run (its own database) whose workflow Temporal does not know. */
export async function pendingWithoutWorkflow(sequelize: Sequelize, client: Client): Promise<string[]> {
  const rows = await sequelize.query<{ id: string; workflow_id: string }>(
    "SELECT id, workflow_id FROM bookings WHERE status = 'PENDING' ORDER BY created_at",
    { type: QueryTypes.SELECT },
  );
  const orphans: string[] = [];
  for (const row of rows) {
    if ((await workflowStatusOf(client, row.workflow_id)) === 'NOT_FOUND') orphans.push(row.id);
  }
  return orphans;
}

/**
 * Issue 20.1, once every customer is done: no booking PENDING without a workflow, except the
 * walk-away's, which must be one (else the aimed kill did not land between insert and start).
 * A booking answered 202 without a saga is the orphan the issue is about.
 */
export function orphanViolations(
  orphans: string[],
  accepted: Set<string>,
  walkAwayId: string | null,
): string[] {
  const problems = orphans
    .filter((id) => id !== walkAwayId)
    .map((id) => `${id}: PENDING without a workflow${accepted.has(id) ? ' though answered 202' : ''}`);
  if (!walkAwayId) problems.push('walk-away: the armed API died without naming the booking it wrote');
  else if (!orphans.includes(walkAwayId))
    problems.push(`walk-away ${walkAwayId}: not left PENDING without a workflow by the aimed kill`);
  return problems;
}

/**
 * One run of the orphan sweep workflow on the run's maintenance worker, its clock moved past
 * `BOOKING_ORPHAN_AFTER_SECONDS` so every PENDING row written so far is old enough to judge.
 */
export async function sweepOrphans(
  client: Client,
  queues: TaskQueues,
  orphanAfterSeconds: number,
): Promise<OrphanBookingSweepResult> {
  return client.workflow.execute(orphanBookingSweepWorkflow, {
    taskQueue: queues.maintenance,
    workflowId: `crash-orphan-sweep-${queues.maintenance}`,
    workflowExecutionTimeout: '2 minutes',
    args: [
      {
        taskQueues: { maintenance: queues.maintenance },
        nowMs: Date.now() + (orphanAfterSeconds + 60) * 1000,
      },
    ],
  });
}

/** The sweep failed exactly the orphans (`not_started`), and nothing whose saga exists. */
export async function sweepViolations(
  sequelize: Sequelize,
  result: OrphanBookingSweepResult,
  orphans: string[],
): Promise<string[]> {
  const failed = await sequelize.query<{ id: string }>(
    "SELECT id FROM bookings WHERE status = 'FAILED' AND failure_reason = 'not_started'",
    { type: QueryTypes.SELECT },
  );
  const swept = new Set(failed.map((r) => r.id));
  const problems = orphans.filter((id) => !swept.has(id)).map((id) => `${id}: orphan left by the sweep`);
  problems.push(
    ...[...swept]
      .filter((id) => !orphans.includes(id))
      .map((id) => `${id}: failed by the sweep, not an orphan`),
  );
  if (result.failed !== orphans.length)
    problems.push(`the sweep failed ${result.failed} bookings, ${orphans.length} orphans were found`);
  return problems;
}

/**
 * None doubled: one booking row per customer (each sent one key, however many times), the one
 * its 202 named, under its key.
 */
export async function doubleViolations(sequelize: Sequelize, planned: PlannedBooking[]): Promise<string[]> {
  const rows = await sequelize.query<{ id: string; user_id: string; idempotency_key: string }>(
    'SELECT id, user_id, idempotency_key FROM bookings',
    { type: QueryTypes.SELECT },
  );
  const byUser = new Map<string, typeof rows>();
  for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
  const problems: string[] = [];
  for (const b of planned) {
    const mine = byUser.get(b.customer.id) ?? [];
    if (mine.length > 1) problems.push(`customer ${b.customer.id}: ${mine.length} bookings for one key`);
    else if (b.bookingId && (mine[0]?.id !== b.bookingId || mine[0]?.idempotency_key !== b.idempotencyKey))
      problems.push(`${b.bookingId}: answered 202, but the customer's row is ${mine[0]?.id ?? 'missing'}`);
  }
  return problems;
}

/** At the end, every booking row of the run terminal, whether or not its customer got a 202. */
export async function openRowViolations(sequelize: Sequelize): Promise<string[]> {
  const rows = await sequelize.query<{ id: string; status: string }>(
    'SELECT id, status FROM bookings WHERE status NOT IN (:terminal)',
    { type: QueryTypes.SELECT, replacements: { terminal: TERMINAL_STATUSES } },
  );
  return rows.map((r) => `${r.id}: still ${r.status} at the end`);
}
