import test from 'ava';
import { randomUUID } from 'node:crypto';
import { CustomerProfile } from '../../db/models/customer-profile';
import { createKeyStoreSequelize } from '../../lib/clients/database';
import {
  decryptField,
  encryptField,
  keyringFromConfig,
  KeyShreddedError,
  replayShreds,
  UnknownKeyError,
} from '../../lib/crypto';
import { freshDatabase, superuserClient, superuserRows } from '../helpers/databases';
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
  const [row] = await superuserRows(env.db.name, 'SELECT * FROM customer_profiles WHERE id = $1', [id]);
  return row!;
}

/** The user's row of the key store's table as a backup of it holds it (JSON, bytea as hex). */
async function backupOfUserKey(userId: string): Promise<string> {
  const [found] = await superuserRows<{ row: string }>(
    env.db.keyStoreName,
    'SELECT row_to_json(k)::text AS row FROM user_keys k WHERE user_id = $1',
    [userId],
  );
  return found!.row;
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

test('SEC-DATA-04 a key store restored from a backup taken before the shred is shredded again from the shred list: at the first read, and by replayShreds', async (t) => {
  const [first, second] = [randomUUID(), randomUUID()];
  const profiles = [await profileFor(first), await profileFor(second)];
  const backupRows = await Promise.all(profiles.map((p) => rawRow(p.id)));
  const backupKeys = [await backupOfUserKey(first), await backupOfUserKey(second)];
  await env.keyring.shredUserKey(first);
  await env.keyring.shredUserKey(second);

  // The key store's backup restored into a key store of its own, beside the live main database
  // (its shred list), read with the live KEK (same secrets dir).
  const restored = await freshDatabase();
  const keyStore = createKeyStoreSequelize(restored.config, 'app');
  t.teardown(async () => {
    await keyStore.close();
    await restored.drop();
  });
  const su = await superuserClient(restored.keyStoreName);
  const restoredRow = async (userId: string) =>
    (await su.query('SELECT wrapped_key, shredded_at FROM user_keys WHERE user_id = $1', [userId])).rows[0];
  t.teardown(() => su.end());
  for (const key of backupKeys) {
    await su.query('INSERT INTO user_keys SELECT * FROM json_populate_record(NULL::user_keys, $1::json)', [
      key,
    ]);
  }
  t.truthy((await restoredRow(first)).wrapped_key, 'the restore brought the wrapped key back');
  const keyringOnRestore = () =>
    keyringFromConfig(env.db.config, env.sequelize, { keyStore, env: { SECRETS_DIR: env.secrets.dir } });
  const column = 'passport_number_encrypted';
  const where = (p: (typeof profiles)[number]) => ({ table: 'customer_profiles', column, rowId: p.id });

  await t.throwsAsync(
    decryptField(keyringOnRestore(), backupRows[0]![column]!, where(profiles[0]!), { userId: first }),
    {
      instanceOf: KeyShreddedError,
    },
  );
  t.like(await restoredRow(first), { wrapped_key: null }, 'the read shredded the restored key again');

  t.truthy((await restoredRow(second)).wrapped_key);
  t.true((await replayShreds(keyringOnRestore())) >= 1);
  t.like(await restoredRow(second), { wrapped_key: null }, 'the replay shredded every listed user');
  t.is(await replayShreds(keyringOnRestore()), 0, 'idempotent');
  await t.throwsAsync(
    decryptField(keyringOnRestore(), backupRows[1]![column]!, where(profiles[1]!), { userId: second }),
    {
      instanceOf: KeyShreddedError,
    },
  );
});

test('SEC-DATA-04 the wrapped key is destroyed in Postgres and shredding cannot be undone', async (t) => {
  const userId = randomUUID();
  await profileFor(userId);
  await env.keyring.shredUserKey(userId);
  await env.keyring.shredUserKey(userId); // idempotent
  const shreds = await superuserRows(env.db.name, 'SELECT user_id FROM user_key_shreds WHERE user_id = $1', [
    userId,
  ]);
  t.is(shreds.length, 1, 'the shred list (main database) names the user');
  const rows = await superuserRows(
    env.db.keyStoreName,
    'SELECT wrapped_key, kek_id, shredded_at FROM user_keys WHERE user_id = $1',
    [userId],
  );
  t.is(rows.length, 1, 'a tombstone stays');
  t.is(rows[0]!.wrapped_key, null);
  t.is(rows[0]!.kek_id, null);
  t.true(rows[0]!.shredded_at instanceof Date);
  const other = await env.keyring.userKeys.find(randomUUID());
  t.is(other, undefined);
  // The app role can neither restore a key nor delete the tombstone to start afresh.
  await t.throwsAsync(
    env.keyStore.query(
      'UPDATE user_keys SET wrapped_key = $2, kek_id = $3, shredded_at = NULL WHERE user_id = $1',
      {
        bind: [userId, Buffer.alloc(60), 'local:0000000000000000'],
      },
    ),
    { message: /shredding is irreversible/ },
  );
  await t.throwsAsync(env.keyStore.query('DELETE FROM user_keys WHERE user_id = $1', { bind: [userId] }), {
    message: /permission denied/,
  });
  await t.throwsAsync(
    env.sequelize.query('DELETE FROM user_key_shreds WHERE user_id = $1', { bind: [userId] }),
    {
      message: /permission denied/,
    },
  );
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
