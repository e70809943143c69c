import test from 'ava';
import { randomUUID } from 'node:crypto';
import { CustomerProfile } from '../../db/models/customer-profile';
import { createSequelize } from '../../lib/clients/database';
import {
  decryptField,
  encryptField,
  keyringFromConfig,
  KeyShreddedError,
  UnknownKeyError,
} from '../../lib/crypto';
import { freshDatabase, superuserClient } from '../helpers/databases';
import { cryptoDatabase, type CryptoDatabase } from './helpers/crypto-database';

let env: CryptoDatabase;
test.before(async () => {
  env = await cryptoDatabase();
});
test.after.always(async () => {
  await env?.close();
});

const PERSONAL = ['full_name', 'phone', 'email', 'date_of_birth', 'passport_number'] as const;

async function rawRow(id: string): Promise<Record<string, string | null>> {
  const su = await superuserClient(env.db.name);
  try {
    return (await su.query('SELECT * FROM customer_profiles WHERE id = $1', [id])).rows[0];
  } finally {
    await su.end();
  }
}

/** The user's row of the key table as a backup holds it (JSON, bytea as hex). */
async function backupOfUserKey(userId: string): Promise<string> {
  const su = await superuserClient(env.db.name);
  try {
    const { rows } = await su.query(
      'SELECT row_to_json(k)::text AS row FROM user_keys k WHERE user_id = $1',
      [userId],
    );
    return rows[0].row as string;
  } finally {
    await su.end();
  }
}

async function profileFor(userId: string) {
  return CustomerProfile.create({
    user_id: userId,
    full_name: 'Ada Lovelace',
    phone: '+447700900123',
    email: `${userId}@example.com`,
    date_of_birth: '1815-12-10',
    passport_number: 'X12345678',
  });
}

test('SEC-DATA-04 shredding the user key makes their data unreadable, including a copy of their profile row taken before', async (t) => {
  const userId = randomUUID();
  const profile = await profileFor(userId);
  t.is((await CustomerProfile.findByPk(profile.id))!.full_name, 'Ada Lovelace');
  const backup = await rawRow(profile.id); // the profile row only: the key table is the live one

  await env.keyring.shredUserKey(userId);

  const shredded = await t.throwsAsync(CustomerProfile.findByPk(profile.id), {
    instanceOf: KeyShreddedError,
  });
  t.is((shredded as KeyShreddedError).userId, userId);
  t.regex(shredded!.message, /shredded; their encrypted data is permanently unreadable/);
  // The backup's ciphertexts, restored anywhere, by this process or a fresh one.
  for (const keyring of [env.keyring, env.newKeyring()]) {
    for (const field of PERSONAL) {
      const column = `${field}_encrypted`;
      await t.throwsAsync(
        decryptField(
          keyring,
          backup[column]!,
          { table: 'customer_profiles', column, rowId: profile.id },
          { userId },
        ),
        { instanceOf: KeyShreddedError },
        column,
      );
    }
  }
});

test('SEC-DATA-04 partial: a backup taken before the shred, key table included, stays readable with the live KEK until the shred is replayed on the restore', async (t) => {
  const userId = randomUUID();
  const profile = await profileFor(userId);
  const backupRow = await rawRow(profile.id);
  const backupKey = await backupOfUserKey(userId);
  await env.keyring.shredUserKey(userId);

  // The backup restored into a database of its own, read with the live KEK (same secrets dir).
  const restored = await freshDatabase();
  const sequelize = createSequelize(restored.config, 'app');
  t.teardown(async () => {
    await sequelize.close();
    await restored.drop();
  });
  const su = await superuserClient(restored.name);
  try {
    await su.query('INSERT INTO user_keys SELECT * FROM json_populate_record(NULL::user_keys, $1::json)', [
      backupKey,
    ]);
  } finally {
    await su.end();
  }
  const keyringOnRestore = () =>
    keyringFromConfig(restored.config, sequelize, { env: { SECRETS_DIR: env.secrets.dir } });
  const column = 'passport_number_encrypted';
  const where = { table: 'customer_profiles', column, rowId: profile.id };
  // The honest outcome (why SEC-DATA-04 is partial, docs/keys.md): the shred did not reach it.
  t.is(await decryptField(keyringOnRestore(), backupRow[column]!, where, { userId }), 'X12345678');

  // Replaying the shred from the erasure log on the restore makes it unreadable there too.
  await keyringOnRestore().shredUserKey(userId);
  await t.throwsAsync(decryptField(keyringOnRestore(), backupRow[column]!, where, { userId }), {
    instanceOf: KeyShreddedError,
  });
});

test('SEC-DATA-04 the wrapped key is destroyed in Postgres and shredding cannot be undone', async (t) => {
  const userId = randomUUID();
  await profileFor(userId);
  await env.keyring.shredUserKey(userId);
  await env.keyring.shredUserKey(userId); // idempotent
  const su = await superuserClient(env.db.name);
  try {
    const { rows } = await su.query(
      'SELECT wrapped_key, kek_id, shredded_at FROM user_keys WHERE user_id = $1',
      [userId],
    );
    t.is(rows.length, 1, 'a tombstone stays');
    t.is(rows[0].wrapped_key, null);
    t.is(rows[0].kek_id, null);
    t.true(rows[0].shredded_at instanceof Date);
  } finally {
    await su.end();
  }
  const other = await env.keyring.userKeys.find(randomUUID());
  t.is(other, undefined);
  // The app role can neither restore a key nor delete the tombstone to start afresh.
  await t.throwsAsync(
    env.sequelize.query(
      'UPDATE user_keys SET wrapped_key = $2, kek_id = $3, shredded_at = NULL WHERE user_id = $1',
      {
        bind: [userId, Buffer.alloc(60), 'local:0000000000000000'],
      },
    ),
    { message: /shredding is irreversible/ },
  );
  await t.throwsAsync(env.sequelize.query('DELETE FROM user_keys WHERE user_id = $1', { bind: [userId] }), {
    message: /permission denied/,
  });
});

test('SEC-DATA-04 nothing new can be encrypted for a shredded user, even one who never had a key', async (t) => {
  const userId = randomUUID();
  await profileFor(userId);
  await env.keyring.shredUserKey(userId);
  await t.throwsAsync(profileFor(userId), { instanceOf: KeyShreddedError });
  const neverHadKey = randomUUID();
  await env.keyring.shredUserKey(neverHadKey);
  await t.throwsAsync(profileFor(neverHadKey), { instanceOf: KeyShreddedError });
  await t.throwsAsync(env.keyring.userKey(randomUUID(), { create: false }), { instanceOf: UnknownKeyError });
});

test('SEC-DATA-04 every user has their own key; shredding one leaves the others readable', async (t) => {
  const alice = randomUUID();
  const bob = randomUUID();
  const aliceProfile = await profileFor(alice);
  const bobProfile = await profileFor(bob);
  const loc = { table: 'customer_profiles', column: 'full_name_encrypted', rowId: randomUUID() };
  const ct = await encryptField(env.keyring, 'Alice', loc, { userId: alice });
  await t.throwsAsync(decryptField(env.keyring, ct, loc, { userId: bob }), { message: /decryption failed/ });

  await env.keyring.shredUserKey(alice);
  await t.throwsAsync(CustomerProfile.findByPk(aliceProfile.id), { instanceOf: KeyShreddedError });
  const stillThere = (await CustomerProfile.findByPk(bobProfile.id))!;
  t.is(stillThere.passport_number, 'X12345678');
  // Shredding covers per-user fields only: class-keyed values (payment) stay readable and are the
  // deletion workflow's to remove.
  const payment = await CustomerProfile.create({ user_id: alice, stripe_customer_id: 'cus_keep' });
  t.is((await CustomerProfile.findByPk(payment.id))!.stripe_customer_id, 'cus_keep');
});
