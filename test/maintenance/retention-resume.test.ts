import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import test, { type ExecutionContext } from 'ava';
import type { BatchedPurgeResult } from '../../activities/maintenance/batched-purge';
import type { MaintenanceWorkflowInput } from '../../workflows/maintenance/input';
import {
  accountTokenPurgeWorkflow,
  bookingAnonymisationWorkflow,
  bookingCompletionWorkflow,
  refreshTokenPurgeWorkflow,
  type RetentionSummary,
} from '../../workflows/maintenance-pool';
import { auditTestDb, rawQuery, type AuditTestDb } from '../audit/helpers/audit-db';
import { superuserClient } from '../helpers/databases';
import { startMaintenanceWorker, type MaintenanceHarness } from '../helpers/maintenance-worker';
import { retentionEvents } from './helpers/retention-harness';
import {
  bookingStates,
  DAY_MS,
  plantAccountToken,
  plantBooking,
  plantRefreshToken,
  plantUser,
} from './helpers/retention-rows';
import { serverHeartbeat } from '../helpers/server-heartbeat';

// Each rule's run is killed (SIGKILL of the worker process running its activity) while blocked
// on its last due row, which the test holds locked; a second worker process finishes the run
// from the heartbeated progress once the heartbeat timeout (1 minute) declares the first dead.
// Every due row ends changed exactly once and no younger one is touched.
const NOW = Date.parse('2030-06-15T12:00:00.000Z');
const DUE = 4;

let m: MaintenanceHarness;
test.before(async () => {
  m = await startMaintenanceWorker({}, { logLevel: 'error' }); // runs the workflows; their activities run in the children
});
test.after.always(async () => {
  await m?.stop();
});

async function workerProcess(queue: string, db: AuditTestDb): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'helpers', 'retention-worker-process.ts')],
    {
      env: {
        ...process.env,
        RETENTION_TASK_QUEUE: queue,
        RETENTION_DATABASE: JSON.stringify({
          url: db.db.config.database.url,
          adminUrl: db.db.config.database.adminUrl,
        }),
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`retention worker exited (${String(code)}) before it was ready`);
  });
  await Promise.race([once(lines, 'line'), exited]);
  return child;
}

/** The attempts of every activity the run started, from its history. */
async function attempts(handle: WorkflowHandle): Promise<number[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const a = e.activityTaskStartedEventAttributes?.attempt;
    return a ? [a] : [];
  });
}

interface KillCase {
  name: string;
  workflow: (input: MaintenanceWorkflowInput) => Promise<RetentionSummary>;
  /** Plants the rows; answers the statement that locks the last due row (as the step orders them). */
  plant(h: AuditTestDb): Promise<{ lockLast: string }>;
  /** What the database must hold afterwards. */
  check(t: ExecutionContext, h: AuditTestDb): Promise<void>;
  counts: 'purged' | 'anonymised';
}

async function killMidRun(t: ExecutionContext, c: KillCase) {
  t.timeout(240_000);
  const h = await auditTestDb();
  const children: ChildProcess[] = [];
  t.teardown(async () => {
    for (const child of children) child.kill('SIGKILL');
    await h.close();
  });
  const { lockLast } = await c.plant(h);
  const lock = await superuserClient(h.db.name);
  t.teardown(() => lock.end().catch(() => undefined));
  await lock.query('BEGIN');
  t.is((await lock.query(lockLast)).rowCount, 1, 'the last due row is held');

  const queue = `${m.queues.maintenance}-${c.name}`;
  children.push(await workerProcess(queue, h));
  const handle = await m.client.workflow.start(c.workflow, {
    taskQueue: m.queues.maintenance,
    workflowId: `test-retention-kill-${m.run}-${c.name}`,
    workflowExecutionTimeout: '4 minutes',
    args: [{ taskQueues: { maintenance: queue }, nowMs: NOW }],
  });
  const progress = () => serverHeartbeat<BatchedPurgeResult>(m.client, handle);
  let seen: BatchedPurgeResult | undefined;
  for (let i = 0; i < 600 && (seen = await progress())?.batches !== DUE - 1; i += 1) await sleep(50);
  t.like(seen, { purged: DUE - 1, batches: DUE - 1 }, 'killed mid-run: all but the held row done');
  children[0]!.kill('SIGKILL');
  t.is(((await once(children[0]!, 'exit')) as [number | null, string | null])[1], 'SIGKILL');
  await lock.query('ROLLBACK');

  children.push(await workerProcess(queue, h));
  const result = await handle.result();
  // The killed worker's last statement was waiting for the held row; its backend outlived the
  // process and committed once the lock went, so the retry found nothing left. That batch is done
  // but uncounted: a crash can leave the report short by the one batch in flight, never long.
  t.like(result, { [c.counts]: DUE - 1, more: false }, 'the heartbeated total, nothing counted twice');
  t.true(
    (await attempts(handle)).some((a) => a >= 2),
    'the step was retried after the kill',
  );
  await c.check(t, h);
  const events = await retentionEvents(h);
  t.is(events.length, 1, 'one audit event for the run');
  t.like(events[0], { details: { [c.counts]: DUE - 1 } });
}

test('SEC-PRIV-03 expired sessions: a refresh-token purge whose worker is killed mid-run is finished by another worker from the heartbeated progress', async (t) => {
  let user = '';
  const live: string[] = [];
  await killMidRun(t, {
    name: 'sessions',
    workflow: refreshTokenPurgeWorkflow,
    counts: 'purged',
    async plant(h) {
      user = await plantUser(h.db);
      for (let i = DUE; i >= 1; i -= 1) await plantRefreshToken(h.db, user, new Date(NOW - i * DAY_MS));
      live.push(await plantRefreshToken(h.db, user, new Date(NOW + DAY_MS)));
      // Inserted last and expiring last of the expired: the purge reaches it last.
      return {
        lockLast: `SELECT id FROM refresh_tokens WHERE expires_at < '${new Date(NOW).toISOString()}'
                   ORDER BY expires_at DESC LIMIT 1 FOR UPDATE`,
      };
    },
    async check(t, h) {
      const rows = await rawQuery<{ family_id: string }>(h.db, 'SELECT family_id FROM refresh_tokens');
      t.deepEqual(
        rows.map((r) => r.family_id),
        live,
      );
    },
  });
});

test('SEC-PRIV-03 reset tokens: an account-token purge whose worker is killed mid-run is finished by another worker from the heartbeated progress', async (t) => {
  const live: string[] = [];
  await killMidRun(t, {
    name: 'reset-tokens',
    workflow: accountTokenPurgeWorkflow,
    counts: 'purged',
    async plant(h) {
      const user = await plantUser(h.db);
      for (let i = DUE; i >= 1; i -= 1)
        await plantAccountToken(h.db, user, 'reset_password', new Date(NOW - i * DAY_MS));
      live.push(await plantAccountToken(h.db, user, 'reset_password', new Date(NOW + DAY_MS)));
      return {
        lockLast: `SELECT id FROM account_tokens WHERE expires_at < '${new Date(NOW).toISOString()}'
                   ORDER BY expires_at DESC, id DESC LIMIT 1 FOR UPDATE`,
      };
    },
    async check(t, h) {
      const rows = await rawQuery<{ id: string }>(h.db, 'SELECT id FROM account_tokens');
      t.deepEqual(
        rows.map((r) => r.id),
        live,
      );
    },
  });
});

for (const [name, workflow, lastDays] of [
  ['active-bookings', bookingCompletionWorkflow, ['2030-03-16', '2030-01-01', '2029-06-01', '2028-02-29']],
  [
    'completed-bookings',
    bookingAnonymisationWorkflow,
    ['2023-03-16', '2022-01-01', '2020-06-01', '2019-02-28'],
  ],
] as const) {
  test(`SEC-PRIV-03 ${name}: a booking retention run whose worker is killed mid-run is finished by another worker; every due booking is changed once and no younger one`, async (t) => {
    const due: string[] = [];
    let young = '';
    await killMidRun(t, {
      name,
      workflow,
      counts: 'anonymised',
      async plant(h) {
        const user = await plantUser(h.db);
        for (const day of lastDays) due.push((await plantBooking(h.db, user, day)).id);
        young = (await plantBooking(h.db, user, '2030-06-01')).id;
        return { lockLast: `SELECT id FROM bookings WHERE id = '${[...due].sort().at(-1)!}' FOR UPDATE` };
      },
      async check(t, h) {
        const states = await bookingStates(h.db);
        const passengers = name === 'active-bookings' ? 2 : 0;
        for (const id of due) t.like(states.get(id), { notes: false, passports: 0, passengers });
        t.like(states.get(young), { notes: true, passports: 1, passengers: 2 });
      },
    });
  });
}
