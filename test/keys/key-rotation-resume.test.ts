import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import test from 'ava';
import type { ReencryptProgress } from '../../activities/keys/reencrypt-data-class';
import { encryptedModels } from '../../db/models/encrypted-models';
import { identityModels } from '../../db/models/identity';
import { keyRotationWorkflow } from '../../workflows/maintenance-pool';
import { superuserClient } from '../helpers/databases';
import { startMaintenanceWorker, type MaintenanceHarness } from '../helpers/maintenance-worker';
import {
  keyRotationDb,
  keyStatuses,
  plantInvitations,
  plantOutbox,
  rawColumn,
  readWhileRotating,
  versionsIn,
  type KeyRotationDb,
} from './helpers/key-rotation-db';
import { serverHeartbeat } from '../helpers/server-heartbeat';

// A pii rotation whose re-encryption activity is killed (SIGKILL of the worker process running
// it) after it heartbeated that company_invitations are done, while it waits for email_outbox,
// which the test holds locked. A second worker process finishes the rotation from the heartbeated
// progress once the heartbeat timeout (1 minute) declares the first dead.

let m: MaintenanceHarness;
test.before(async () => {
  m = await startMaintenanceWorker({}, { logLevel: 'error' }); // runs the workflow; its activities run in the children
});
test.after.always(async () => {
  await m?.stop();
});

async function workerProcess(queue: string, h: KeyRotationDb): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'helpers', 'key-rotation-worker-process.ts')],
    {
      env: {
        ...process.env,
        KEY_ROTATION_TASK_QUEUE: queue,
        KEY_ROTATION_DATABASE: JSON.stringify({
          url: h.db.config.database.url,
          adminUrl: h.db.config.database.adminUrl,
        }),
        KEY_ROTATION_KEK_DIR: h.secrets.dir,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`key rotation worker exited (${String(code)}) before it was ready`);
  });
  await Promise.race([once(lines, 'line'), exited]);
  return child;
}

async function attempts(handle: WorkflowHandle): Promise<number[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const a = e.activityTaskStartedEventAttributes?.attempt;
    return a ? [a] : [];
  });
}

test('SEC-DATA-02 a rotation whose worker is killed mid-re-encryption is finished by another worker without redoing finished batches', async (t) => {
  t.timeout(300_000);
  const h = await keyRotationDb();
  const children: ChildProcess[] = [];
  const lock = await superuserClient(h.db.name);
  t.teardown(async () => {
    for (const child of children) child.kill('SIGKILL');
    await lock.end().catch(() => undefined);
    await h.close();
  });
  const emails = await plantInvitations(h, 4);
  const recipients = await plantOutbox(h, 2);
  const { CompanyInvitation, EmailOutbox } = identityModels(h.app);
  const outboxModel = encryptedModels(h.app).indexOf(EmailOutbox);
  t.true(
    outboxModel > encryptedModels(h.app).indexOf(CompanyInvitation),
    'invitations are re-encrypted first',
  );
  // Plain reads pass an EXCLUSIVE lock; the re-encryption's SELECT … FOR UPDATE waits for it.
  await lock.query('BEGIN');
  await lock.query('LOCK TABLE email_outbox IN EXCLUSIVE MODE');

  const reader = readWhileRotating(
    async () => ({
      emails: (await CompanyInvitation.findAll()).map((r) => r.email).sort(),
      recipients: (await EmailOutbox.findAll()).map((r) => r.recipient).sort(),
    }),
    { emails: [...emails].sort(), recipients: [...recipients].sort() },
  );
  t.teardown(() => reader.stop().then(() => undefined));

  const queue = `${m.queues.maintenance}-keys`;
  children.push(await workerProcess(queue, h));
  const handle = await m.client.workflow.start(keyRotationWorkflow, {
    taskQueue: m.queues.maintenance,
    workflowId: `test-key-rotation-kill-${m.run}`,
    workflowExecutionTimeout: '5 minutes',
    args: [
      {
        taskQueues: { maintenance: queue },
        dataClass: 'pii',
        rotate: true,
        retire: true,
        batchSize: 2,
        batchesPerActivity: 100,
        activitiesPerRun: 50,
      },
    ],
  });
  const progress = () => serverHeartbeat<ReencryptProgress>(m.client, handle);
  let seen: ReencryptProgress | undefined;
  for (let i = 0; i < 1200 && (seen = await progress())?.model !== outboxModel; i += 1) await sleep(100);
  t.like(seen, { rows: 4, model: outboxModel }, 'heartbeated: the invitations are done');
  const waiting = `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`;
  for (let i = 0; i < 600 && (await lock.query(waiting, [h.db.name])).rowCount === 0; i += 1) await sleep(50);
  const doneBeforeKill = await rawColumn(h, 'company_invitations', 'email_encrypted');
  t.deepEqual(await versionsIn(h, 'company_invitations', 'email_encrypted'), [2, 2, 2, 2]);
  t.deepEqual(await versionsIn(h, 'email_outbox', 'recipient_encrypted'), [1, 1]);

  children[0]!.kill('SIGKILL');
  t.is(((await once(children[0]!, 'exit')) as [number | null, string | null])[1], 'SIGKILL');
  // The killed worker's backend still waits for the lock; Postgres would notice the dead client
  // only when it next writes to it. End it, as the TCP keepalive would.
  const ended = await lock.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
    [h.db.name],
  );
  t.is(ended.rowCount, 1);
  await lock.query('ROLLBACK');

  children.push(await workerProcess(queue, h));
  const result = await handle.result();
  const { reads, failures } = await reader.stop();
  t.deepEqual(failures, [], 'every read during the rotation and the kill answered');
  t.true(reads > 0);
  t.like(result, { fromVersion: 1, toVersion: 2, retired: [1] });
  t.is(result.rows, 6, 'resumed from the heartbeat: 4 rows before the kill, 2 after, none twice');
  t.is(
    result.batches,
    seen!.batches + 2,
    'resumed at the heartbeated model: only the outbox batches (2 rows, then none) ran after the kill',
  );
  t.true(
    (await attempts(handle)).some((a) => a >= 2),
    'the re-encryption was retried after the kill',
  );
  t.deepEqual(
    await rawColumn(h, 'company_invitations', 'email_encrypted'),
    doneBeforeKill,
    'rows re-encrypted before the kill were not written again',
  );
  t.deepEqual(await versionsIn(h, 'email_outbox', 'recipient_encrypted'), [2, 2]);
  t.deepEqual(await versionsIn(h, 'email_outbox', 'payload_encrypted'), [2, 2]);
  t.deepEqual(await keyStatuses(h, 'pii'), { 1: 'retired', 2: 'active' });
});
