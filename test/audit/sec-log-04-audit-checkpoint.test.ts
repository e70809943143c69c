import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_PUBLIC_KEYS_FILE, auditVerifyKeysFromPem, verifyAuditChain } from '../../lib/audit';
import { auditCheckpointWorkflow } from '../../workflows/maintenance-pool';
import { auditTestDb, rawQuery, type AuditTestDb } from './helpers/audit-db';
import { sampleEvent } from './helpers/sample-events';
import {
  activityQueues,
  maintenanceActivitiesFor,
  stackAuditKeys,
  startMaintenanceWorker,
  type MaintenanceHarness,
} from '../helpers/maintenance-worker';

// One private database and one real worker for the file; the tests build on each other's log.
let h: AuditTestDb;
let m: MaintenanceHarness;
let runs = 0;

test.before(async () => {
  h = await auditTestDb();
  m = await startMaintenanceWorker(maintenanceActivitiesFor(h));
});
test.after.always(async () => {
  await m?.stop();
  await h?.close();
});

function runCheckpoint() {
  runs += 1;
  return m.client.workflow.start(auditCheckpointWorkflow, {
    taskQueue: m.queues.maintenance,
    workflowId: `test-audit-checkpoint-${m.run}-${runs}`,
    workflowExecutionTimeout: '1 minute',
    args: [{ taskQueues: { maintenance: m.queues.maintenance } }],
  });
}

interface CheckpointRow {
  sequence: string;
  key_id: string;
  hash: Buffer;
}
const checkpointRows = () =>
  rawQuery<CheckpointRow>(h.db, 'SELECT sequence, key_id, hash FROM audit_checkpoints ORDER BY sequence');

/** Only the published public key file: what an auditor verifies with. */
function publishedKeys() {
  const dir = process.env.SECRETS_DIR;
  if (!dir) throw new Error('SECRETS_DIR is not set: run through scripts/with-env.sh');
  return auditVerifyKeysFromPem(readFileSync(join(dir, AUDIT_PUBLIC_KEYS_FILE), 'utf8'));
}

test.serial('SEC-LOG-04 the checkpoint workflow signs nothing while the audit log is empty', async (t) => {
  const handle = await runCheckpoint();
  t.is(await handle.result(), null);
  t.deepEqual(await checkpointRows(), []);
});

test.serial(
  'SEC-LOG-04 audit checkpoints are signed by the checkpoint workflow on the maintenance queue with the key from the secret file, and verify with the published key',
  async (t) => {
    for (let i = 0; i < 5; i += 1) await h.writer.append(sampleEvent('booking.created'));
    const handle = await runCheckpoint();
    const result = await handle.result();
    const { signer } = stackAuditKeys();

    t.like(result, { sequence: 5, keyId: signer.keyId });
    t.deepEqual(
      await activityQueues(handle),
      [m.queues.maintenance],
      'the activity ran on the maintenance queue',
    );
    const rows = await checkpointRows();
    t.deepEqual(
      rows.map((r) => [Number(r.sequence), r.key_id, r.hash.toString('hex')]),
      [[5, signer.keyId, result!.hash]],
    );
    const [head] = await rawQuery<{ hash: Buffer }>(h.db, 'SELECT hash FROM audit_events WHERE sequence = 5');
    t.is(result!.hash, head!.hash.toString('hex'), 'the checkpoint covers the newest row');

    const published = publishedKeys();
    t.true(published.has(signer.keyId), 'the signing key is the one published in audit_signing_key.pub');
    t.deepEqual(await verifyAuditChain(h.app, published), {
      ok: true,
      events: 5,
      checkpoints: 1,
      anchor: 'genesis',
      lastSequence: 5,
    });
  },
);

test.serial(
  'SEC-LOG-04 a checkpoint run with no new rows returns the stored checkpoint instead of signing again; new rows get a new checkpoint',
  async (t) => {
    const before = await checkpointRows();
    const again = await (await runCheckpoint()).result();
    t.like(again, { sequence: 5 });
    t.deepEqual(await checkpointRows(), before, 'no second checkpoint for the same head');

    await h.writer.append(sampleEvent('booking.cancelled'));
    await h.writer.append(sampleEvent('payment.succeeded'));
    t.like(await (await runCheckpoint()).result(), { sequence: 7 });
    t.deepEqual(
      (await checkpointRows()).map((r) => Number(r.sequence)),
      [5, 7],
    );
    t.like(await verifyAuditChain(h.app, publishedKeys()), { ok: true, checkpoints: 2, lastSequence: 7 });
  },
);
