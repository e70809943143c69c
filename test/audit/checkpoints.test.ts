import test from 'ava';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import {
  checkpointMessage,
  createCheckpoint,
  listCheckpoints,
  loadAuditSigner,
  loadAuditVerifyKeys,
  verifyAuditChain,
} from '../../lib/audit';
import { auditTestDb } from './helpers/audit-db';
import { sampleEvent } from './helpers/sample-events';
import { tempAuditKeys } from './helpers/temp-keys';

test('SEC-LOG-04 a checkpoint signs the newest row (Ed25519) and verifies with the public key file', async (t) => {
  const h = await auditTestDb();
  const keys = tempAuditKeys();
  t.teardown(async () => {
    keys.cleanup();
    await h.close();
  });
  t.is(await createCheckpoint(h.app, keys.signer), undefined, 'nothing to sign on an empty log');
  for (let i = 0; i < 4; i += 1) await h.writer.append(sampleEvent());
  const last = await h.writer.append(sampleEvent());

  const checkpoint = await createCheckpoint(h.app, keys.signer);
  t.like(checkpoint, { sequence: 5, hash: last.hash, keyId: keys.signer.keyId });
  t.deepEqual(
    await createCheckpoint(h.app, keys.signer),
    checkpoint,
    'idempotent while the head has not moved',
  );

  const publicKey = createPublicKey(keys.publicPem);
  t.true(verify(null, checkpointMessage(checkpoint!), publicKey, Buffer.from(checkpoint!.signature, 'hex')));
  const fromFiles = loadAuditVerifyKeys({ AUDIT_SIGNING_KEY_PUB_FILE: keys.env.AUDIT_SIGNING_KEY_PUB_FILE });
  t.deepEqual([...fromFiles.keys()], [keys.signer.keyId]);
  t.like(await verifyAuditChain(h.app, fromFiles), { ok: true, events: 5, checkpoints: 1 });
  const withoutKeys = await verifyAuditChain(h.app, new Map());
  t.like(withoutKeys, { ok: false, sequence: 5 });
  t.regex(withoutKeys.ok ? '' : withoutKeys.reason, /unknown key/);
});

test('SEC-LOG-04 checkpoints signed before a key rotation still verify with the old public key kept in the key file', async (t) => {
  const h = await auditTestDb();
  const oldKeys = tempAuditKeys();
  const newKeys = tempAuditKeys();
  t.teardown(async () => {
    oldKeys.cleanup();
    newKeys.cleanup();
    await h.close();
  });
  await h.writer.append(sampleEvent());
  await createCheckpoint(h.app, oldKeys.signer);
  await h.writer.append(sampleEvent());
  await createCheckpoint(h.app, newKeys.signer);
  t.deepEqual(
    (await listCheckpoints(h.app)).map((c) => c.keyId),
    [oldKeys.signer.keyId, newKeys.signer.keyId],
  );

  writeFileSync(newKeys.env.AUDIT_SIGNING_KEY_PUB_FILE, `${newKeys.publicPem}\n${oldKeys.publicPem}`);
  const keys = loadAuditVerifyKeys({ AUDIT_SIGNING_KEY_PUB_FILE: newKeys.env.AUDIT_SIGNING_KEY_PUB_FILE });
  t.like(await verifyAuditChain(h.app, keys), { ok: true, checkpoints: 2 });

  const onlyNew = loadAuditVerifyKeys({ AUDIT_SIGNING_KEY_FILE: newKeys.env.AUDIT_SIGNING_KEY_FILE });
  const result = await verifyAuditChain(h.app, onlyNew);
  t.like(result, { ok: false, sequence: 1 });
  t.regex(result.ok ? '' : result.reason, /unknown key/);
});

test('SEC-LOG-04 the database refuses a checkpoint that does not match a row of the chain', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  await h.writer.append(sampleEvent());
  const insert = (sequence: number, hash: Buffer) =>
    h.app.query(
      `INSERT INTO audit_checkpoints (sequence, hash, signature, key_id, created_at) VALUES ($1, $2, $3, '0123456789abcdef', now())`,
      { bind: [sequence, hash, Buffer.alloc(64)] },
    );
  await t.throwsAsync(insert(1, Buffer.alloc(32, 1)), { message: /does not match a row of the chain/ });
  await t.throwsAsync(insert(2, Buffer.alloc(32, 1)), { message: /does not match a row of the chain/ });
});

test('SEC-LOG-04 the signing key is read only from a secret file and must be Ed25519', (t) => {
  const keys = tempAuditKeys();
  t.teardown(() => keys.cleanup());
  t.is(
    loadAuditSigner({ AUDIT_SIGNING_KEY: keys.privatePem }),
    undefined,
    'a plain environment variable is ignored',
  );
  t.is(
    loadAuditSigner({ AUDIT_SIGNING_KEY_FILE: keys.env.AUDIT_SIGNING_KEY_FILE })?.keyId,
    keys.signer.keyId,
  );

  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });
  writeFileSync(keys.env.AUDIT_SIGNING_KEY_FILE, rsa);
  t.throws(() => loadAuditSigner({ AUDIT_SIGNING_KEY_FILE: keys.env.AUDIT_SIGNING_KEY_FILE }), {
    message: /Ed25519/,
  });
});
