import test from 'ava';
import { randomUUID } from 'node:crypto';
import { CustomerProfile } from '../../db/models/customer-profile';
import { Transaction, type FindOptions } from 'sequelize';
import { decryptInstances, modelKeyUsage, reencryptRowsUsingKey } from '../../db/encrypted';
import {
  dataKeyContext,
  decryptField,
  encryptField,
  KeyInUseError,
  KeyRetiredError,
  parseFieldCiphertext,
  userKeyContext,
} from '../../lib/crypto';
import { superuserClient } from '../helpers/databases';
import { cryptoDatabase, type CryptoDatabase } from './helpers/crypto-database';

/** Key changes here are made by the system (a schedule), as the operator commands do. */
const OPERATOR = { system: 'test-key-rotation' };

// Rotation changes shared state (the active version per class): these tests run one at a time.
let env: CryptoDatabase;
test.before(async () => {
  env = await cryptoDatabase({ activeVersionTtlMs: 0, retireGraceMs: 0 });
});
test.after.always(async () => {
  await env?.close();
});

const usage = modelKeyUsage([CustomerProfile]);
const loc = () => ({
  table: 'customer_profiles',
  column: 'stripe_customer_id_encrypted',
  rowId: randomUUID(),
});

test.serial('SEC-DATA-02 every ciphertext names its data class and key version', async (t) => {
  const active = await env.keyring.activeKey('payment');
  const ct = await encryptField(env.keyring, 'cus_abc', loc(), { dataClass: 'payment' });
  t.like(parseFieldCiphertext(ct), { keyClass: 'payment', version: active.version });
  const pii = await encryptField(env.keyring, 'Ada', loc(), { dataClass: 'pii' });
  t.like(parseFieldCiphertext(pii), {
    keyClass: 'pii',
    version: (await env.keyring.activeKey('pii')).version,
  });
  const perUser = await encryptField(env.keyring, 'Ada', loc(), { userId: randomUUID() });
  t.like(parseFieldCiphertext(perUser), { keyClass: 'user', version: 1 });
});

test.serial(
  'SEC-DATA-02 rotation: new writes use the newest key, older versions still decrypt',
  async (t) => {
    const oldLoc = loc();
    const old = await encryptField(env.keyring, 'cus_old', oldLoc, { dataClass: 'payment' });
    const oldVersion = parseFieldCiphertext(old).version;
    const newVersion = await env.keyring.rotate('payment', OPERATOR);
    t.is(newVersion, oldVersion + 1);
    const newLoc = loc();
    const fresh = await encryptField(env.keyring, 'cus_new', newLoc, { dataClass: 'payment' });
    t.is(parseFieldCiphertext(fresh).version, newVersion);
    t.is(await decryptField(env.keyring, old, oldLoc), 'cus_old');
    t.is(await decryptField(env.keyring, fresh, newLoc), 'cus_new');
    // Another process with a cold cache agrees on both.
    const other = env.newKeyring();
    t.is(await decryptField(other, old, oldLoc), 'cus_old');
    t.is((await other.activeKey('payment')).version, newVersion);
    // Other classes are untouched by a payment rotation.
    t.is((await env.keyring.activeKey('pii')).version, 1);
  },
);

test.serial(
  'SEC-DATA-02 retire is refused while rows use a version and allowed after re-encrypting them',
  async (t) => {
    const before = (await env.keyring.activeKey('payment')).version;
    const profiles = await Promise.all(
      ['cus_r1', 'cus_r2', 'cus_r3'].map((id) =>
        CustomerProfile.create({ user_id: randomUUID(), stripe_customer_id: id }),
      ),
    );
    const kept = profiles[0]!.getDataValue('stripe_customer_id_encrypted' as never) as string;
    const keptLoc = {
      table: 'customer_profiles',
      column: 'stripe_customer_id_encrypted',
      rowId: profiles[0]!.id,
    };

    await t.throwsAsync(env.keyring.retire('payment', before, usage, OPERATOR), {
      instanceOf: KeyInUseError,
      message: /is active/,
    });
    const after = await env.keyring.rotate('payment', OPERATOR);
    t.is(await usage('payment', before), 3);
    const refused = await t.throwsAsync(env.keyring.retire('payment', before, usage, OPERATOR), {
      instanceOf: KeyInUseError,
    });
    t.is((refused as KeyInUseError).rowsUsingKey, 3);

    t.is(await reencryptRowsUsingKey(CustomerProfile, 'payment', before, 2), 2);
    t.is(await usage('payment', before), 1);
    await t.throwsAsync(env.keyring.retire('payment', before, usage, OPERATOR), {
      instanceOf: KeyInUseError,
    });
    t.is(await reencryptRowsUsingKey(CustomerProfile, 'payment', before, 2), 1);
    t.is(await reencryptRowsUsingKey(CustomerProfile, 'payment', before, 2), 0);

    await env.keyring.retire('payment', before, usage, OPERATOR);
    for (const p of profiles) {
      const row = (await CustomerProfile.findByPk(p.id))!;
      t.is(parseFieldCiphertext(row.getDataValue('stripe_customer_id_encrypted' as never)).version, after);
      t.is(row.stripe_customer_id, p.stripe_customer_id);
    }
    // A copy made before re-encryption names the retired version: refused, in every process.
    await t.throwsAsync(decryptField(env.keyring, kept, keptLoc), { instanceOf: KeyRetiredError });
    await t.throwsAsync(decryptField(env.newKeyring(), kept, keptLoc), { instanceOf: KeyRetiredError });

    const su = await superuserClient(env.db.name);
    try {
      const { rows } = await su.query(
        'SELECT version, status, retired_at FROM data_keys WHERE data_class = $1 ORDER BY version',
        ['payment'],
      );
      t.like(rows.at(-1), { version: after, status: 'active', retired_at: null });
      t.like(
        rows.find((r) => r.version === before),
        { status: 'retired' },
      );
    } finally {
      await su.end();
    }
    // Status only moves forward, even for the app role.
    await t.throwsAsync(
      env.sequelize.query(
        "UPDATE data_keys SET status = 'active', retired_at = NULL WHERE data_class = 'payment' AND version = $1",
        { bind: [before] },
      ),
      { message: /cannot go back/ },
    );
    await t.throwsAsync(env.sequelize.query("DELETE FROM data_keys WHERE data_class = 'payment'"), {
      message: /permission denied/,
    });
  },
);

test.serial(
  'SEC-DATA-02 retire waits out the grace period in which other processes may still write with the old key',
  async (t) => {
    const strict = env.newKeyring({ retireGraceMs: 60_000 });
    const old = (await strict.activeKey('pii')).version;
    await strict.rotate('pii', OPERATOR);
    t.is(await usage('pii', old), 0);
    await t.throwsAsync(strict.retire('pii', old, usage, OPERATOR), {
      instanceOf: KeyInUseError,
      message: /less than 60000 ms ago/,
    });
  },
);

test.serial('SEC-DATA-02 each data class has its own key, distinct from every user key', async (t) => {
  const userId = randomUUID();
  await env.keyring.userKey(userId, { create: true });
  await env.keyring.activeKey('blind_index');
  const su = await superuserClient(env.db.name);
  let keys: Buffer[];
  try {
    const dataKeys = await su.query('SELECT data_class, version, wrapped_key, kek_id FROM data_keys');
    const keyStore = await superuserClient(env.db.keyStoreName);
    const userKey = await keyStore
      .query('SELECT wrapped_key, kek_id FROM user_keys WHERE user_id = $1', [userId])
      .finally(() => keyStore.end());
    keys = await Promise.all([
      ...dataKeys.rows.map((r) =>
        env.keyring.provider.unwrap(
          { wrapped: r.wrapped_key, kekId: r.kek_id },
          dataKeyContext(r.data_class, r.version),
        ),
      ),
      env.keyring.provider.unwrap(
        { wrapped: userKey.rows[0].wrapped_key, kekId: userKey.rows[0].kek_id },
        userKeyContext(userId),
      ),
    ]);
    t.deepEqual([...new Set(dataKeys.rows.map((r) => r.data_class as string))].sort(), [
      'blind_index',
      'payment',
      'pii',
    ]);
    for (const row of [...dataKeys.rows, ...userKey.rows]) {
      t.is(row.wrapped_key.length, 12 + 32 + 16, 'stored wrapped: nonce, key, tag');
      t.regex(row.kek_id, /^local:[0-9a-f]{16}$/);
    }
  } finally {
    await su.end();
  }
  t.true(keys.every((k) => k.length === 32));
  t.is(new Set(keys.map((k) => k.toString('hex'))).size, keys.length, 'no two keys are equal');
  // No stored wrapped key contains a raw key.
  const su2 = await superuserClient(env.db.name);
  try {
    const dump = (await su2.query("SELECT string_agg(encode(wrapped_key, 'hex'), '') AS hex FROM data_keys"))
      .rows[0].hex as string;
    for (const k of keys) t.false(dump.includes(k.toString('hex')));
  } finally {
    await su2.end();
  }
});

test.serial(
  "SEC-DATA-02 a row read just before its re-encryption and the old key's retirement still decrypts: the row is read again",
  async (t) => {
    const profile = await CustomerProfile.create({ user_id: randomUUID(), stripe_customer_id: 'cus_reread' });
    const column = 'stripe_customer_id_encrypted' as never;
    const sequelize = CustomerProfile.sequelize!;
    // Read as a finder reads, decrypted only after the rotation: the window between a SELECT and its afterFind hook.
    const unhooked = { where: { id: profile.id }, hooks: false } as FindOptions;
    const [stale] = await CustomerProfile.findAll(unhooked);
    const snapshot = await sequelize.transaction({
      isolationLevel: Transaction.ISOLATION_LEVELS.REPEATABLE_READ,
    });
    const [inSnapshot] = await CustomerProfile.findAll({ ...unhooked, transaction: snapshot });
    const old = parseFieldCiphertext(stale!.getDataValue(column)).version;

    const next = await env.keyring.rotate('payment', OPERATOR);
    while ((await reencryptRowsUsingKey(CustomerProfile, 'payment', old, 50)) > 0);
    await env.keyring.retire('payment', old, usage, OPERATOR);

    await decryptInstances(stale);
    t.is(stale!.stripe_customer_id, 'cus_reread');
    t.is(parseFieldCiphertext(stale!.getDataValue(column)).version, next);
    // A transaction whose snapshot predates the re-encryption sees only the retired ciphertext: refused.
    try {
      await t.throwsAsync(decryptInstances(inSnapshot, snapshot), { instanceOf: KeyRetiredError });
    } finally {
      await snapshot.rollback();
    }
  },
);
