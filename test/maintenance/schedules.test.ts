import test from 'ava';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ScheduleNotFoundError, type ScheduleHandle } from '@temporalio/client';
import { createIdempotencyPurgeActivities } from '../../activities/maintenance/maintenance-activities';
import { verifyAuditChain } from '../../lib/audit';
import { loadConfig } from '../../lib/config';
import { SCHEDULES, scheduleId, type ScheduleDefinition } from '../../tools/schedules/definitions';
import { auditTestDb, rawQuery, type AuditTestDb } from '../audit/helpers/audit-db';
import { sampleEvent } from '../audit/helpers/sample-events';
import { idempotencyFixtures } from '../idempotency/helpers/idempotency-records';
import {
  activityQueues,
  maintenanceActivitiesFor,
  stackAuditKeys,
  startMaintenanceWorker,
  type MaintenanceHarness,
} from '../helpers/maintenance-worker';
import { plantRefreshToken, plantUser } from './helpers/retention-rows';
import { runSchedulesTool } from './helpers/run-schedules-tool';

// The schedules live on the real dev server under a prefix of this run only, start workflows on
// this run's suffixed maintenance queue, and are deleted afterwards.
let h: AuditTestDb;
let m: MaintenanceHarness;
let prefix: string;
let suffix: string;
let firstRun: { code: number; stdout: string; stderr: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const definition = (name: string): ScheduleDefinition => {
  const found = SCHEDULES.find((s) => s.name === name);
  if (!found) throw new Error(`no schedule ${name}`);
  return found;
};
const handleOf = (name: string): ScheduleHandle =>
  m.client.schedule.getHandle(scheduleId(definition(name), prefix));
const toolArgs = () => ['--prefix', prefix, '--queue-suffix', suffix];

test.before(async () => {
  h = await auditTestDb();
  m = await startMaintenanceWorker({
    ...maintenanceActivitiesFor(h),
    ...createIdempotencyPurgeActivities({ sequelize: h.app, batchSize: 2 }),
  });
  prefix = `t${m.run}`;
  suffix = `m${m.run}`; // the harness's queues: taskQueues(`m${run}`)
  firstRun = await runSchedulesTool(toolArgs());
});

test.after.always(async () => {
  for (const s of SCHEDULES) {
    await m?.client.schedule
      .getHandle(scheduleId(s, prefix))
      .delete()
      .catch((err: unknown) => {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      });
  }
  await m?.stop();
  await h?.close();
});

/** Triggers a schedule now and waits for the run it started to finish. */
async function triggerAndWait(name: string) {
  const handle = handleOf(name);
  const before = (await handle.describe()).info.numActionsTaken;
  await handle.trigger();
  for (let i = 0; i < 100; i += 1) {
    const info = (await handle.describe()).info;
    const action = info.recentActions.at(-1);
    if (info.numActionsTaken > before && action) {
      const { workflowId, firstExecutionRunId } = action.action.workflow;
      const run = m.client.workflow.getHandle(workflowId, undefined, { firstExecutionRunId });
      return { run, result: await run.result() };
    }
    await sleep(200);
  }
  throw new Error(`schedule ${name} took no action after trigger()`);
}

test.serial(
  'SEC-LOG-04 SEC-LOG-05 SEC-PRIV-03 SEC-PAY-03 tools/schedules/main.ts creates every schedule: checkpoint every 15 min, audit retention daily, idempotency, webhook event and token purges hourly, booking, account and security log retention daily, overlap SKIP, on the maintenance queue',
  async (t) => {
    const expected: Record<string, { every: number; workflowType: string; timeout: number }> = {
      'audit-checkpoint': {
        every: 15 * MINUTE,
        workflowType: 'auditCheckpointWorkflow',
        timeout: 14 * MINUTE,
      },
      'audit-retention': { every: DAY, workflowType: 'auditRetentionWorkflow', timeout: 12 * HOUR },
      'idempotency-purge': { every: HOUR, workflowType: 'idempotencyPurgeWorkflow', timeout: 55 * MINUTE },
      // Issue 20.1: PENDING bookings an accept left without a saga.
      'orphan-booking-sweep': {
        every: 15 * MINUTE,
        workflowType: 'orphanBookingSweepWorkflow',
        timeout: 14 * MINUTE,
      },
      'webhook-event-purge': {
        every: HOUR,
        workflowType: 'webhookEventPurgeWorkflow',
        timeout: 55 * MINUTE,
      },
      'inventory-sync': { every: 30 * MINUTE, workflowType: 'inventorySyncWorkflow', timeout: 25 * MINUTE },
      reconciliation: { every: DAY, workflowType: 'reconciliationWorkflow', timeout: 12 * HOUR },
      // SECURITY.md's retention list, one schedule per row (SEC-PRIV-03, SEC-LOG-05).
      'refresh-token-purge': { every: HOUR, workflowType: 'refreshTokenPurgeWorkflow', timeout: 55 * MINUTE },
      'account-token-purge': { every: HOUR, workflowType: 'accountTokenPurgeWorkflow', timeout: 55 * MINUTE },
      'booking-completion': { every: DAY, workflowType: 'bookingCompletionWorkflow', timeout: 12 * HOUR },
      'booking-anonymisation': {
        every: DAY,
        workflowType: 'bookingAnonymisationWorkflow',
        timeout: 12 * HOUR,
      },
      'soft-deleted-account-purge': {
        every: DAY,
        workflowType: 'softDeletedAccountPurgeWorkflow',
        timeout: 12 * HOUR,
      },
      'security-log-rotation': {
        every: DAY,
        workflowType: 'securityLogRotationWorkflow',
        timeout: 12 * HOUR,
      },
    };
    // Reconciliation's activities run where the Stripe key and payment data keys are (payments)
    // and where audit and mail are (notify): its input names those queues too.
    const inputQueues = (name: string) =>
      name === 'reconciliation'
        ? { maintenance: m.queues.maintenance, payments: m.queues.payments, notify: m.queues.notify }
        : { maintenance: m.queues.maintenance };
    t.is(firstRun.code, 0, firstRun.stderr);
    t.deepEqual(
      firstRun.stdout.trim().split('\n'),
      SCHEDULES.map((s) => `created ${scheduleId(s, prefix)}`),
    );
    t.deepEqual(
      SCHEDULES.map((s) => s.name),
      Object.keys(expected),
    );
    for (const [name, want] of Object.entries(expected)) {
      const id = scheduleId(definition(name), prefix);
      const d = await handleOf(name).describe();
      t.is(d.scheduleId, id);
      t.deepEqual(
        d.spec.intervals?.map((i) => i.every),
        [want.every],
        `${name} interval`,
      );
      t.is(d.policies.overlap, 'SKIP', `${name} overlap`);
      t.is(d.policies.catchupWindow, want.every, `${name} catch-up window`);
      t.false(d.policies.pauseOnFailure);
      t.false(d.state.paused);
      t.regex(d.state.note ?? '', new RegExp(`^${definition(name).requirement}: `));
      t.like(d.action, {
        type: 'startWorkflow',
        workflowType: want.workflowType,
        workflowId: id,
        taskQueue: m.queues.maintenance,
        workflowExecutionTimeout: want.timeout,
      });
      t.deepEqual(d.action.args, [{ taskQueues: inputQueues(name) }], `${name} input`);
      const next = d.info.nextActionTimes[0];
      t.truthy(next, `${name} is scheduled`);
      t.true(next!.getTime() - Date.now() <= want.every, `${name} next run within one interval`);
    }
  },
);

test.serial(
  'tools/schedules/main.ts is idempotent: a second run updates the schedules in place and reverts a hand edit',
  async (t) => {
    const checkpoint = handleOf('audit-checkpoint');
    await checkpoint.update((previous) => ({
      ...previous,
      spec: { intervals: [{ every: '1 minute' }] },
      policies: { ...previous.policies, overlap: 'ALLOW_ALL' },
      state: { paused: false, note: 'hand edit' },
    }));
    t.like((await checkpoint.describe()).policies, { overlap: 'ALLOW_ALL' });

    const again = await runSchedulesTool(toolArgs());
    t.is(again.code, 0, again.stderr);
    t.deepEqual(
      again.stdout.trim().split('\n'),
      SCHEDULES.map((s) => `updated ${scheduleId(s, prefix)}`),
    );
    const d = await checkpoint.describe();
    t.deepEqual(
      d.spec.intervals?.map((i) => i.every),
      [15 * MINUTE],
    );
    t.is(d.policies.overlap, 'SKIP');
    t.regex(d.state.note ?? '', /^SEC-LOG-04: /);
  },
);

test.serial("tools/schedules/main.ts leaves an operator's pause in place and reports it", async (t) => {
  const purge = handleOf('idempotency-purge');
  await purge.pause('paused by the on-call operator');
  t.teardown(() => purge.unpause());

  const again = await runSchedulesTool(toolArgs());
  t.is(again.code, 0, again.stderr);
  t.true(
    again.stdout.split('\n').includes(`updated ${purge.scheduleId} (PAUSED: left paused by an operator)`),
    again.stdout,
  );
  t.like((await purge.describe()).state, { paused: true, note: 'paused by the on-call operator' });
});

test.serial(
  'SEC-LOG-04 audit checkpoints are signed periodically by a schedule: a triggered run of the checkpoint schedule signs the head and the chain verifies',
  async (t) => {
    for (let i = 0; i < 3; i += 1) await h.writer.append(sampleEvent('booking.created'));
    const { run, result } = await triggerAndWait('audit-checkpoint');
    t.regex(run.workflowId, new RegExp(`^${scheduleId(definition('audit-checkpoint'), prefix)}-`));
    t.deepEqual(await activityQueues(run), [m.queues.maintenance]);

    const { signer, keys } = stackAuditKeys();
    t.like(result, { sequence: 3, keyId: signer.keyId });
    const rows = await rawQuery<{ sequence: string }>(h.db, 'SELECT sequence FROM audit_checkpoints');
    t.deepEqual(
      rows.map((r) => Number(r.sequence)),
      [3],
    );
    t.like(await verifyAuditChain(h.app, keys), { ok: true, checkpoints: 1, lastSequence: 3 });
  },
);

/** How many `retention.applied` events the log holds for `rule`. */
async function appliedEvents(rule: string): Promise<number> {
  const [row] = await rawQuery<{ n: number }>(
    h.db,
    "SELECT count(*)::int AS n FROM audit_events WHERE event_type = 'retention.applied' AND resource_id = $1",
    [rule],
  );
  return row!.n;
}

test.serial(
  'SEC-PRIV-03 expired idempotency records are purged by the hourly schedule: a triggered run deletes them and keeps live ones',
  async (t) => {
    const records = idempotencyFixtures(h.app, h.db);
    await Promise.all([records.completed(25), records.completed(49), records.completed(72)]);
    const live = [await records.completed(23), await records.inFlight(60_000)];

    const { result } = await triggerAndWait('idempotency-purge');
    t.like(result, { rule: 'idempotency-records', purged: 3, batches: 2, more: false });
    t.deepEqual(await records.keys(), live.map((s) => s.key).sort());
    t.is(await appliedEvents('idempotency-records'), 1, 'audited retention.applied');
  },
);

test.serial(
  'SEC-PAY-03 webhook event ids past their retention are purged by the hourly schedule: a triggered run deletes them and keeps recent ones',
  async (t) => {
    const retention = loadConfig().stripe.webhookEventRetentionSeconds;
    const insert = (hash: string, ageSeconds: number) =>
      rawQuery(
        h.db,
        `INSERT INTO payment_webhook_events (event_id_sha256, event_type, received_at)
         VALUES ($1, 'payment_intent.succeeded', now() - make_interval(secs => $2))`,
        [hash, ageSeconds],
      );
    const hash = () => randomBytes(32).toString('hex');
    const [old, recent] = [hash(), hash()];
    await insert(old, retention + 3_600);
    await insert(recent, 60);

    const { result } = await triggerAndWait('webhook-event-purge');
    t.like(result, { rule: 'webhook-event-ids', purged: 1, batches: 1, more: false });
    t.is(await appliedEvents('webhook-event-ids'), 1, 'audited retention.applied');
    const rows = await rawQuery<{ event_id_sha256: string }>(
      h.db,
      'SELECT event_id_sha256 FROM payment_webhook_events',
    );
    t.deepEqual(
      rows.map((r) => r.event_id_sha256),
      [recent],
    );
  },
);

test.serial(
  'SEC-LOG-05 the daily retention schedule runs the retention workflow: nothing is older than 18 months, nothing is cut',
  async (t) => {
    const before = await rawQuery<{ n: string }>(h.db, 'SELECT count(*) AS n FROM audit_events');
    const { result } = await triggerAndWait('audit-retention');
    t.is(result, null);
    t.deepEqual(await rawQuery<{ n: string }>(h.db, 'SELECT count(*) AS n FROM audit_events'), before);
  },
);

test.serial(
  'SEC-PRIV-03 expired sessions are purged by the hourly schedule: a triggered run (clock: its start time) deletes the expired refresh-token families, keeps live ones and audits retention.applied',
  async (t) => {
    const user = await plantUser(h.db);
    await plantRefreshToken(h.db, user, new Date(Date.now() - DAY));
    const live = await plantRefreshToken(h.db, user, new Date(Date.now() + DAY));

    const { result } = await triggerAndWait('refresh-token-purge');
    t.like(result, { rule: 'expired-sessions', purged: 1, more: false });
    const rows = await rawQuery<{ family_id: string }>(h.db, 'SELECT family_id FROM refresh_tokens');
    t.deepEqual(
      rows.map((r) => r.family_id),
      [live],
    );
    t.is(await appliedEvents('expired-sessions'), 1);
  },
);

test.serial(
  'SEC-PRIV-03 SEC-LOG-05 every retention schedule can be paused by an operator, and tools/schedules/main.ts keeps each pause',
  async (t) => {
    const retention = SCHEDULES.filter((s) => ['SEC-PRIV-03', 'SEC-LOG-05'].includes(s.requirement));
    t.deepEqual(
      retention.map((s) => s.name),
      [
        'audit-retention',
        'idempotency-purge',
        'refresh-token-purge',
        'account-token-purge',
        'booking-completion',
        'booking-anonymisation',
        'soft-deleted-account-purge',
        'security-log-rotation',
      ],
    );
    for (const s of retention) {
      await handleOf(s.name).pause('paused in the Temporal UI');
      t.teardown(() => handleOf(s.name).unpause());
    }
    const again = await runSchedulesTool(toolArgs());
    t.is(again.code, 0, again.stderr);
    for (const s of retention) {
      const id = scheduleId(s, prefix);
      t.true(again.stdout.split('\n').includes(`updated ${id} (PAUSED: left paused by an operator)`), id);
      t.like((await handleOf(s.name).describe()).state, { paused: true });
    }
  },
);
