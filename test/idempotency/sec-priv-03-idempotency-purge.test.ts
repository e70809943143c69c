import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { createIdempotencyPurgeActivities } from '../../activities/maintenance/maintenance-activities';
import { idempotencyPurgeWorkflow } from '../../workflows/maintenance-pool';
import { auditTestDb, type AuditTestDb } from '../audit/helpers/audit-db';
import { idempotencyFixtures } from './helpers/idempotency-records';
import {
  activityQueues,
  maintenanceActivitiesFor,
  startMaintenanceWorker,
  type MaintenanceHarness,
} from '../helpers/maintenance-worker';

let h: AuditTestDb;
let m: MaintenanceHarness;

test.before(async () => {
  h = await auditTestDb();
  m = await startMaintenanceWorker({
    ...maintenanceActivitiesFor(h),
    // The worker's activity with small batches, so this handful of rows takes several.
    ...createIdempotencyPurgeActivities({ sequelize: h.app, batchSize: 2 }),
  });
});
test.after.always(async () => {
  await m?.stop();
  await h?.close();
});

function runPurge(name: string) {
  return m.client.workflow.start(idempotencyPurgeWorkflow, {
    taskQueue: m.queues.maintenance,
    workflowId: `test-idempotency-purge-${m.run}-${name}`,
    workflowExecutionTimeout: '1 minute',
    args: [{ taskQueues: { maintenance: m.queues.maintenance } }],
  });
}

test.serial(
  'SEC-PRIV-03 expired idempotency records are purged by the purge workflow in batches; records inside their 24 h are kept and still replay',
  async (t) => {
    const records = idempotencyFixtures(h.app, h.db);
    const expired = [
      ...(await Promise.all([25, 26, 30, 48, 24 * 30].map((hours) => records.completed(hours)))),
      await records.inFlight(1), // a crashed request's lock
    ];
    const live = [await records.completed(23), await records.completed(0), await records.inFlight(60_000)];
    await sleep(20); // the 1 ms lock is past its expiry
    t.is((await records.keys()).length, 9);

    const handle = await runPurge('first');
    t.like(await handle.result(), { rule: 'idempotency-records', purged: 6, batches: 4, more: false });
    t.deepEqual(await activityQueues(handle), [m.queues.maintenance, m.queues.maintenance]); // purge, audit

    t.deepEqual(await records.keys(), live.map((s) => s.key).sort(), 'exactly the live records remain');
    for (const scope of expired) t.is(await records.find(scope), undefined);
    t.like(await records.find(live[0]!), {
      record: { status: 'completed', response: { status: 201, body: { id: live[0]!.key } } },
    });
    t.like(await records.find(live[2]!), { record: { status: 'in_flight' } });
  },
);

test.serial(
  'SEC-PRIV-03 a repeated purge run finds nothing to delete and keeps the live records',
  async (t) => {
    const before = await idempotencyFixtures(h.app, h.db).keys();
    t.like(await (await runPurge('again')).result(), { purged: 0, batches: 1, more: false });
    t.deepEqual(await idempotencyFixtures(h.app, h.db).keys(), before);
  },
);
