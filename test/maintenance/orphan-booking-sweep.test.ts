import test from 'ava';
import { randomUUID } from 'node:crypto';
import { createOrphanBookingSweepActivities } from '../../activities/maintenance/orphan-booking-sweep';
import { workflowExists } from '../../lib/clients/temporal';
import { orphanBookingSweepWorkflow } from '../../workflows/maintenance-pool';
import { auditTestDb, rawQuery, type AuditTestDb } from '../audit/helpers/audit-db';
import {
  maintenanceActivitiesFor,
  startMaintenanceWorker,
  type MaintenanceHarness,
} from '../helpers/maintenance-worker';
import { plantUser } from './helpers/retention-rows';

/*
 * Issue 20.1: a PENDING booking an accept left without a saga is failed by the sweep once older
 * than the bound and only if Temporal has no workflow of its id; the clock is the input's.
 */

const NOW = Date.now();
const MINUTE = 60_000;
let h: AuditTestDb;
let m: MaintenanceHarness;

test.before(async () => {
  h = await auditTestDb();
  m = await startMaintenanceWorker({
    ...maintenanceActivitiesFor(h),
    ...createOrphanBookingSweepActivities({
      sequelize: h.app,
      // The worker's own client, once it exists (the activities are built first).
      workflowExists: (id) => workflowExists(m.client)(id),
      orphanAfterSeconds: 900,
    }),
  });
});
test.after.always(async () => {
  await m?.stop();
  await h?.close();
});

async function pendingBooking(user: string, createdAt: Date): Promise<{ id: string; workflowId: string }> {
  const id = randomUUID();
  const workflowId = `booking-${user}-${randomUUID()}`;
  await rawQuery(
    h.db,
    `INSERT INTO bookings (id, user_id, idempotency_key, workflow_id, status, kind, supplier, amount_minor,
       currency, details, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'PENDING', 'flight', 'flight', 10000, 'EUR', '{}', $5, $5)`,
    [id, user, randomUUID(), workflowId, createdAt],
  );
  return { id, workflowId };
}

const statusOf = async (id: string) =>
  (
    await rawQuery<{ status: string; failure_reason: string | null }>(
      h.db,
      'SELECT status, failure_reason FROM bookings WHERE id = $1',
      [id],
    )
  )[0];

test('SEC-IDEM-02 the orphan sweep fails an old PENDING booking with no workflow, and leaves a young one and one whose saga exists', async (t) => {
  const user = await plantUser(h.db);
  const orphan = await pendingBooking(user, new Date(NOW - 20 * MINUTE));
  const young = await pendingBooking(user, new Date(NOW - 5 * MINUTE));
  const running = await pendingBooking(user, new Date(NOW - 20 * MINUTE));
  // Its saga exists (a workflow of its id, on a queue nobody polls: it just waits).
  const saga = await m.client.workflow.start('bookingWorkflow', {
    taskQueue: `nobody-${m.run}`,
    workflowId: running.workflowId,
    args: [],
  });
  t.teardown(() => saga.terminate('test over').catch(() => undefined));

  const result = await m.client.workflow.execute(orphanBookingSweepWorkflow, {
    taskQueue: m.queues.maintenance,
    workflowId: `test-orphan-sweep-${m.run}`,
    workflowExecutionTimeout: '2 minutes',
    args: [{ taskQueues: { maintenance: m.queues.maintenance }, nowMs: NOW }],
  });
  t.like(result, { failed: 1 });
  t.deepEqual(await statusOf(orphan.id), { status: 'FAILED', failure_reason: 'not_started' });
  t.deepEqual(await statusOf(young.id), { status: 'PENDING', failure_reason: null });
  t.deepEqual(await statusOf(running.id), { status: 'PENDING', failure_reason: null });
  const events = await rawQuery<{ canonical: string }>(
    h.db,
    "SELECT canonical FROM audit_events WHERE event_type = 'booking.modified' AND resource_id = $1",
    [orphan.id],
  );
  t.like(JSON.parse(events[0]!.canonical), {
    actor: { type: 'system' },
    outcome: 'failure',
    details: { change: 'not_started' },
  });
});
