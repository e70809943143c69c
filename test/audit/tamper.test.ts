import test from 'ava';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { auditSignerFromPem, createCheckpoint, signCheckpoint, verifyAuditChain } from '../../lib/audit';
import { auditTestDb, rawQuery, tamper, type AuditTestDb } from './helpers/audit-db';
import { runAuditVerify } from './helpers/run-verify-cli';
import { sampleEvent } from './helpers/sample-events';
import { tempAuditKeys, type TempAuditKeys } from './helpers/temp-keys';

/** Rows 1..10; a signed checkpoint at 6, so rows 7..10 are protected by the chain alone. */
async function seededLog(): Promise<{ h: AuditTestDb; keys: TempAuditKeys }> {
  const h = await auditTestDb();
  const keys = tempAuditKeys();
  for (let i = 1; i <= 10; i += 1) {
    await h.writer.append(sampleEvent('booking.modified', { resource: { type: 'booking', id: `bkg_${i}` } }));
    if (i === 6) await createCheckpoint(h.app, keys.signer);
  }
  return { h, keys };
}

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

interface TamperCase {
  title: string;
  tamper(h: AuditTestDb): Promise<unknown>;
  sequence: number;
  reason: RegExp;
}

const CASES: TamperCase[] = [
  {
    title: "editing a row's record",
    tamper: (h) =>
      tamper(
        h.db,
        `UPDATE audit_events SET canonical = replace(canonical, '"usr_0001"', '"usr_0666"') WHERE sequence = 4`,
      ),
    sequence: 4,
    reason: /hash does not match the row/,
  },
  {
    title: 'editing a row and recomputing every later hash',
    async tamper(h) {
      const rows = await rawQuery<{ sequence: string; canonical: string; prev_hash: Buffer }>(
        h.db,
        'SELECT sequence, canonical, prev_hash FROM audit_events WHERE sequence >= 4 ORDER BY sequence',
      );
      let prev = rows[0]!.prev_hash;
      for (const row of rows) {
        const canonical = row.sequence === '4' ? row.canonical.replace('bkg_4', 'bkg_X') : row.canonical;
        const hash = sha256(prev, Buffer.from(canonical));
        await tamper(
          h.db,
          `UPDATE audit_events SET canonical = $1, prev_hash = $2, hash = $3,
             resource_id = CASE sequence WHEN 4 THEN 'bkg_X' ELSE resource_id END WHERE sequence = $4`,
          [canonical, prev, hash, row.sequence],
        );
        prev = hash;
      }
    },
    sequence: 6,
    reason: /checkpoint hash does not match the row/,
  },
  {
    title: 'editing an indexed column only',
    tamper: (h) => tamper(h.db, `UPDATE audit_events SET actor_id = 'usr_0666' WHERE sequence = 3`),
    sequence: 3,
    reason: /column actor_id does not match the record/,
  },
  {
    title: 'deleting a row',
    tamper: (h) => tamper(h.db, 'DELETE FROM audit_events WHERE sequence = 5'),
    sequence: 5,
    reason: /row 5 is missing/,
  },
  {
    title: 'deleting the first row',
    tamper: (h) => tamper(h.db, 'DELETE FROM audit_events WHERE sequence = 1'),
    sequence: 1,
    reason: /row 1 is missing/,
  },
  {
    title: 'deleting every row up to a checkpoint, as if expired',
    tamper: (h) => tamper(h.db, 'DELETE FROM audit_events WHERE sequence <= 6'),
    sequence: 6,
    reason: /removed without an audit\.expired record/,
  },
  {
    title: 'cutting the tail back past a checkpoint',
    tamper: (h) => tamper(h.db, 'DELETE FROM audit_events WHERE sequence >= 6'),
    sequence: 6,
    reason: /row 6 is missing \(checkpoint 6 covers it\)/,
  },
  {
    title: 'reordering two rows (swapping their sequences)',
    tamper: (h) =>
      tamper(
        h.db,
        `UPDATE audit_events SET sequence = 1000007 WHERE sequence = 7;
         UPDATE audit_events SET sequence = 7 WHERE sequence = 8;
         UPDATE audit_events SET sequence = 8 WHERE sequence = 1000007;`,
      ),
    sequence: 7,
    reason: /prev_hash does not match the hash of row 6/,
  },
  {
    title: "forging a checkpoint's signature",
    tamper: (h) =>
      tamper(
        h.db,
        `UPDATE audit_checkpoints SET signature = set_byte(signature, 0, (get_byte(signature, 0) + 1) % 256)`,
      ),
    sequence: 6,
    reason: /checkpoint signature does not verify/,
  },
  {
    title: "signing a checkpoint with the attacker's own key",
    async tamper(h) {
      const attacker = auditSignerFromPem(
        generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      );
      const [row] = await rawQuery<{ hash: Buffer }>(
        h.db,
        'SELECT hash FROM audit_events WHERE sequence = 9',
      );
      const forged = signCheckpoint(attacker, {
        sequence: 9,
        hash: row!.hash.toString('hex'),
        createdAt: new Date().toISOString(),
      });
      await tamper(h.db, 'INSERT INTO audit_checkpoints VALUES ($1, $2, $3, $4, $5)', [
        9,
        row!.hash,
        Buffer.from(forged.signature, 'hex'),
        forged.keyId,
        forged.createdAt,
      ]);
    },
    sequence: 9,
    reason: /signed by unknown key/,
  },
];

test('SEC-LOG-04 audit-verify passes an untouched log and prints OK with counts (library and CLI)', async (t) => {
  const { h, keys } = await seededLog();
  t.teardown(async () => {
    keys.cleanup();
    await h.close();
  });
  t.deepEqual(await verifyAuditChain(h.app, keys.keys), {
    ok: true,
    events: 10,
    checkpoints: 1,
    anchor: 'genesis',
    lastSequence: 10,
  });
  const cli = await runAuditVerify(h.db, keys.env.AUDIT_SIGNING_KEY_PUB_FILE);
  t.is(cli.code, 0, cli.stderr);
  t.regex(
    cli.stdout,
    /^OK audit chain verified from genesis to sequence 10: 10 events, 1 signed checkpoints/,
  );
  const json = await runAuditVerify(h.db, keys.env.AUDIT_SIGNING_KEY_PUB_FILE, ['--json']);
  t.like(JSON.parse(json.stdout), { ok: true, events: 10 });
});

for (const c of CASES) {
  test(`SEC-LOG-04 audit-verify names the first bad row after ${c.title} (library and CLI)`, async (t) => {
    const { h, keys } = await seededLog();
    t.teardown(async () => {
      keys.cleanup();
      await h.close();
    });
    await c.tamper(h);

    const result = await verifyAuditChain(h.app, keys.keys);
    t.like(result, { ok: false, sequence: c.sequence });
    t.regex(result.ok ? '' : result.reason, c.reason);

    const cli = await runAuditVerify(h.db, keys.env.AUDIT_SIGNING_KEY_PUB_FILE);
    t.is(cli.code, 1, cli.stderr);
    t.true(cli.stdout.startsWith(`FAIL first bad row: sequence ${c.sequence}: `), cli.stdout);
    t.regex(cli.stdout, c.reason);
  });
}

test('SEC-LOG-04 audit-verify exits 2 when it cannot reach the database', async (t) => {
  const keys = tempAuditKeys();
  t.teardown(() => keys.cleanup());
  const h = await auditTestDb();
  const db = h.db;
  await h.close();
  const cli = await runAuditVerify(db, keys.env.AUDIT_SIGNING_KEY_PUB_FILE);
  t.is(cli.code, 2);
  t.regex(cli.stderr, /audit-verify: could not verify/);
});
