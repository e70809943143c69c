import test from 'ava';
import {
  AuditRetentionError,
  createCheckpoint,
  expireAuditLog,
  expireBefore,
  listCheckpoints,
  parseAuditRecord,
  verifyAuditChain,
} from '../../lib/audit';
import { auditTestDb, rawQuery, tamper, type AuditTestDb } from './helpers/audit-db';
import { runAuditVerify } from './helpers/run-verify-cli';
import { sampleEvent } from './helpers/sample-events';
import { tempAuditKeys, type TempAuditKeys } from './helpers/temp-keys';

function monthsAgo(months: number): Date {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** Rows 1..14 with checkpoints at 4 (30 months old), 8 (20 months) and 12 (6 months). */
async function agedLog(): Promise<{ h: AuditTestDb; keys: TempAuditKeys }> {
  const h = await auditTestDb();
  const keys = tempAuditKeys();
  const ages: Record<number, number> = { 4: 30, 8: 20, 12: 6 };
  for (let i = 1; i <= 14; i += 1) {
    await h.writer.append(sampleEvent('booking.cancelled'));
    const age = ages[i];
    if (age !== undefined) await createCheckpoint(h.app, keys.signer, { now: monthsAgo(age) });
  }
  return { h, keys };
}

const sequences = async (h: AuditTestDb) =>
  (await rawQuery<{ sequence: string }>(h.db, 'SELECT sequence FROM audit_events ORDER BY sequence')).map(
    (r) => Number(r.sequence),
  );

function cleanup(t: import('ava').ExecutionContext, { h, keys }: { h: AuditTestDb; keys: TempAuditKeys }) {
  t.teardown(async () => {
    keys.cleanup();
    await h.close();
  });
}

test('SEC-LOG-05 expiry removes the whole segment up to an old checkpoint and the chain still verifies from that checkpoint', async (t) => {
  const log = await agedLog();
  cleanup(t, log);
  const { h, keys } = log;

  const expiry = await expireBefore(h.owner, { sequence: 8 }, { keys: keys.keys });
  t.deepEqual(expiry, { throughSequence: 8, deletedEvents: 8, recordSequence: 15 });
  t.deepEqual(await sequences(h), [9, 10, 11, 12, 13, 14, 15]);
  t.deepEqual(
    (await listCheckpoints(h.app)).map((c) => c.sequence),
    [8, 12],
    'older checkpoints go, the anchor stays',
  );

  const [record] = await rawQuery<{ canonical: string }>(
    h.db,
    'SELECT canonical FROM audit_events WHERE sequence = 15',
  );
  t.like(parseAuditRecord(record!.canonical), {
    type: 'audit.expired',
    actor: { type: 'system', id: 'audit-retention' },
    details: { throughSequence: 8 },
  });

  t.deepEqual(await verifyAuditChain(h.app, keys.keys), {
    ok: true,
    events: 7,
    checkpoints: 2,
    anchor: 8,
    lastSequence: 15,
  });
  await h.writer.append(sampleEvent());
  t.like(await verifyAuditChain(h.app, keys.keys), { ok: true, anchor: 8, lastSequence: 16 });
  const cli = await runAuditVerify(h.db, keys.env.AUDIT_SIGNING_KEY_PUB_FILE);
  t.is(cli.code, 0, cli.stderr);
  t.regex(
    cli.stdout,
    /^OK audit chain verified from checkpoint 8 to sequence 16: 8 events, 2 signed checkpoints/,
  );
});

test('SEC-LOG-05 expiry refuses to cut past the newest checkpoint, in the library and in the database', async (t) => {
  const log = await agedLog();
  cleanup(t, log);
  const { h, keys } = log;
  await t.throwsAsync(expireBefore(h.owner, { sequence: 14 }, { keys: keys.keys }), {
    instanceOf: AuditRetentionError,
    message: /refusing to cut past the newest checkpoint \(12\)/,
  });
  await t.throwsAsync(h.owner.query(`SELECT audit_expire_through(14, now() - interval '18 months')`), {
    message: /may cut only at a checkpoint; 14 is not one/,
  });
  t.is((await sequences(h)).length, 14, 'nothing removed');
});

test('SEC-LOG-05 expiry refuses a non-checkpoint, a checkpoint inside the retention, a bad signature and a retention under 12 months', async (t) => {
  const log = await agedLog();
  cleanup(t, log);
  const { h, keys } = log;
  const refused = (sequence: number, options: Partial<Parameters<typeof expireBefore>[2]>, message: RegExp) =>
    t.throwsAsync(expireBefore(h.owner, { sequence }, { keys: keys.keys, ...options }), {
      instanceOf: AuditRetentionError,
      message,
    });

  await refused(6, {}, /6 is not a checkpoint/);
  await refused(12, {}, /checkpoint 12 is within the 18-month retention/);
  await refused(8, { keys: new Map() }, /checkpoint 8: checkpoint is signed by unknown key/);
  await refused(4, { retentionMonths: 6 }, /at least 12 months/);
  await t.throwsAsync(h.owner.query(`SELECT audit_expire_through(4, now() - interval '1 month')`), {
    message: /under the 12-month minimum/,
  });
  await t.throwsAsync(h.owner.query(`SELECT audit_expire_through(12, now() - interval '13 months')`), {
    message: /checkpoint 12 is not older than the cutoff/,
  });
  t.is((await sequences(h)).length, 14, 'nothing removed');
});

test('SEC-LOG-05 expiry refuses to cut a chain that does not verify, keeping the evidence', async (t) => {
  const log = await agedLog();
  cleanup(t, log);
  const { h, keys } = log;
  await tamper(h.db, `UPDATE audit_events SET outcome = 'failure' WHERE sequence = 2`);
  await t.throwsAsync(expireBefore(h.owner, { sequence: 8 }, { keys: keys.keys }), {
    instanceOf: AuditRetentionError,
    message: /does not verify at 2; keeping the evidence/,
  });
  t.is((await sequences(h)).length, 14);
});

test('SEC-LOG-05 the scheduled expiry cuts at the newest checkpoint older than 18 months, and only once', async (t) => {
  const log = await agedLog();
  cleanup(t, log);
  const { h, keys } = log;
  t.like(await expireAuditLog(h.owner, { keys: keys.keys }), { throughSequence: 8, deletedEvents: 8 });
  t.is(await expireAuditLog(h.owner, { keys: keys.keys }), undefined, 'nothing left to expire');
  t.like(await verifyAuditChain(h.app, keys.keys), { ok: true, anchor: 8, lastSequence: 15 });
});
