import test from 'ava';
import { QueryTypes } from 'sequelize';
import { createWriteAudit } from '../../activities/audit/write-audit';
import { overdueErasurePurge } from '../../activities/privacy/erasure-activities';
import { createAuditWriter } from '../../lib/audit';
import { softDeletedAccountPurgeWorkflow } from '../../workflows/maintenance-pool';
import { createUser } from '../accounts/helpers/accounts-data';
import { startMaintenanceWorker, type MaintenanceHarness } from '../helpers/maintenance-worker';
import { erasureWorld } from './helpers/erasure-world';

/**
 * SEC-PRIV-03 "soft-deleted accounts 30 days" with the batch the maintenance worker plugs in
 * (activities/maintenance-pool.ts): the schedule's workflow erases the accounts whose deletion
 * (`DELETE /api/v1/users/me`, the only soft deletion there is) was asked before its cutoff.
 */
const world = erasureWorld('priv03-soft-deleted', { worker: false });
const { app } = world;
const DAY_MS = 86_400_000;
let m: MaintenanceHarness;

test.serial.before(async () => {
  m = await startMaintenanceWorker(
    {
      ...overdueErasurePurge(world.steps, { retention: app.db.config.retention }),
      writeAudit: createWriteAudit({ writer: createAuditWriter(app.sequelize) }),
    },
    { logLevel: 'error' },
  );
});
test.after.always(async () => {
  await m?.stop();
});

const stateOf = async (id: string) =>
  (
    await app.sequelize.query<{ erased: boolean; pseudonym: string | null }>(
      'SELECT erased_at IS NOT NULL AS erased, pseudonym FROM users WHERE id = $1',
      { bind: [id], type: QueryTypes.SELECT },
    )
  )[0]!;

test.serial(
  'SEC-PRIV-03 soft-deleted accounts 30 days: the schedule run erases exactly the accounts whose deletion was asked before the cutoff and audits retention.applied',
  async (t) => {
    const now = Date.now(); // the run's clock, passed in: days separate every row from the cutoff
    const [overdue, recent, kept] = [
      await createUser(app.deps),
      await createUser(app.deps),
      await createUser(app.deps),
    ];
    const mark = (id: string, at: Date) =>
      app.sequelize.query('UPDATE users SET deletion_requested_at = $2 WHERE id = $1', { bind: [id, at] });
    await mark(overdue.id, new Date(now - 31 * DAY_MS));
    await mark(recent.id, new Date(now - 29 * DAY_MS));

    const handle = await m.client.workflow.start(softDeletedAccountPurgeWorkflow, {
      taskQueue: m.queues.maintenance,
      workflowId: `test-soft-deleted-${m.run}`,
      workflowExecutionTimeout: '2 minutes',
      args: [{ taskQueues: { maintenance: m.queues.maintenance }, nowMs: now }],
    });
    const cutoff = new Date(now - 30 * DAY_MS).toISOString();
    t.like(await handle.result(), { rule: 'soft-deleted-accounts', cutoff, purged: 1 });
    t.like(await stateOf(overdue.id), { erased: true });
    t.regex((await stateOf(overdue.id)).pseudonym ?? '', /^DELETED_USER_[1-9][0-9]*$/);
    t.like(await stateOf(recent.id), { erased: false, pseudonym: null }, 'still in its grace');
    t.like(await stateOf(kept.id), { erased: false, pseudonym: null }, 'never asked');
    const [event] = await app.sequelize.query<{ canonical: string }>(
      "SELECT canonical FROM audit_events WHERE event_type = 'retention.applied' AND resource_id = 'soft-deleted-accounts'",
      { type: QueryTypes.SELECT },
    );
    t.like(JSON.parse(event!.canonical), { details: { cutoff, purged: 1 } });
  },
);
