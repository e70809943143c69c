import test from 'ava';
import { randomUUID } from 'node:crypto';
import { col, Op, where as sqlWhere } from 'sequelize';
import { DataTypes, Model } from 'sequelize';
import { CustomerProfile } from '../../db/models/customer-profile';
import { encryptedAttribute, EncryptedAttributeMisuseError, initEncryptedModel } from '../../db/encrypted';
import {
  CiphertextFormatError,
  DecryptionFailedError,
  decryptField,
  encryptField,
  parseFieldCiphertext,
  formatFieldCiphertext,
} from '../../lib/crypto';
import { superuserClient } from '../helpers/databases';
import { cryptoDatabase, type CryptoDatabase } from './helpers/crypto-database';

let env: CryptoDatabase;
test.before(async () => {
  env = await cryptoDatabase();
});
test.after.always(async () => {
  await env?.close();
});

const at = (rowId = randomUUID(), column = 'full_name_encrypted', table = 'customer_profiles') => ({
  table,
  column,
  rowId,
});

async function newProfile(userId = randomUUID()) {
  return CustomerProfile.create({
    user_id: userId,
    full_name: 'Ada Lovelace',
    phone: '+447700900123',
    email: 'ada@example.com',
    date_of_birth: '1815-12-10',
    passport_number: 'X12345678',
    stripe_customer_id: 'cus_TESTada0001',
  });
}

function flipBit(text: string, byteIndex: number, part: 'nonce' | 'body'): string {
  const c = parseFieldCiphertext(text);
  const bytes = Buffer.from(c[part]);
  bytes[byteIndex]! ^= 0x01;
  return formatFieldCiphertext({ ...c, [part]: bytes });
}

test('SEC-DATA-01 a field round-trips through AES-256-GCM under its data-class key', async (t) => {
  const loc = at();
  const ct = await encryptField(env.keyring, 'cus_Nv2Ho8Tx9', loc, { dataClass: 'payment' });
  t.regex(ct, /^v1\.payment\.1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
  t.false(ct.includes('cus_Nv2Ho8Tx9'));
  t.is(await decryptField(env.keyring, ct, loc), 'cus_Nv2Ho8Tx9');
  t.is(
    await decryptField(env.keyring, await encryptField(env.keyring, '', loc, { dataClass: 'pii' }), loc),
    '',
  );
  const unicode = 'Zoë Ñoño 山田太郎 👩‍✈️';
  t.is(
    await decryptField(env.keyring, await encryptField(env.keyring, unicode, loc, { dataClass: 'pii' }), loc),
    unicode,
  );
});

test('SEC-DATA-01 a per-user field round-trips under the user key and needs the owner to decrypt', async (t) => {
  const loc = at();
  const userId = randomUUID();
  const ct = await encryptField(env.keyring, 'Grace Hopper', loc, { userId });
  t.regex(ct, /^v1\.user\.1\./);
  t.is(await decryptField(env.keyring, ct, loc, { userId }), 'Grace Hopper');
  await t.throwsAsync(decryptField(env.keyring, ct, loc), { message: /owner user id/ });
  await encryptField(env.keyring, 'x', loc, { userId: randomUUID() });
});

test('SEC-DATA-01 changing any single bit of nonce, ciphertext or tag fails decryption', async (t) => {
  const loc = at();
  const ct = await encryptField(env.keyring, 'P98765432', loc, { dataClass: 'pii' });
  const parsed = parseFieldCiphertext(ct);
  let tried = 0;
  for (const part of ['nonce', 'body'] as const) {
    for (let i = 0; i < parsed[part].length; i++) {
      await t.throwsAsync(decryptField(env.keyring, flipBit(ct, i, part), loc), {
        instanceOf: DecryptionFailedError,
      });
      tried += 1;
    }
  }
  t.is(tried, 12 + 9 + 16);
  const truncated = formatFieldCiphertext({ ...parsed, body: parsed.body.subarray(0, 16) });
  await t.throwsAsync(decryptField(env.keyring, truncated, loc), { instanceOf: DecryptionFailedError });
});

test('SEC-DATA-01 a ciphertext decrypts only at its own table, column and row', async (t) => {
  const loc = at();
  const ct = await encryptField(env.keyring, 'ada@example.com', loc, { dataClass: 'pii' });
  for (const other of [
    at(randomUUID()),
    at(loc.rowId, 'phone_encrypted'),
    at(loc.rowId, loc.column, 'bookings'),
  ]) {
    await t.throwsAsync(decryptField(env.keyring, ct, other), { instanceOf: DecryptionFailedError });
  }
  const userId = randomUUID();
  const perUser = await encryptField(env.keyring, 'ada@example.com', loc, { userId });
  await env.keyring.userKey(randomUUID(), { create: true });
  await t.throwsAsync(decryptField(env.keyring, perUser, at(randomUUID()), { userId }), {
    instanceOf: DecryptionFailedError,
  });
});

test('SEC-DATA-01 a rewritten header (key class or version) fails decryption', async (t) => {
  const loc = at();
  await encryptField(env.keyring, 'warm', loc, { dataClass: 'payment' });
  const ct = await encryptField(env.keyring, 'cus_123', loc, { dataClass: 'pii' });
  await t.throwsAsync(decryptField(env.keyring, ct.replace('v1.pii.', 'v1.payment.'), loc), {
    instanceOf: DecryptionFailedError,
  });
  await t.throwsAsync(decryptField(env.keyring, ct.replace('v1.pii.1.', 'v1.pii.7.'), loc), {
    message: /no pii key version 7/,
  });
  await t.throwsAsync(decryptField(env.keyring, ct, loc, { expectedKeyClass: 'user' }), {
    message: /expected a user/,
  });
});

test('SEC-DATA-01 malformed ciphertexts are refused before any key is used', async (t) => {
  const loc = at();
  for (const bad of [
    '',
    'Ada Lovelace',
    'v2.pii.1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.pii.0.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.pii.1.AAAA.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.pii.1.AAAAAAAAAAAAAAAA.short',
    'v1.blind_index.1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.pii.1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAB',
  ]) {
    await t.throwsAsync(decryptField(env.keyring, bad, loc), { instanceOf: CiphertextFormatError }, bad);
  }
});

test('SEC-DATA-01 nonces are unique over 20,000 encryptions of the same value at the same place', async (t) => {
  const loc = at();
  const n = 20_000;
  const nonces = new Set<string>();
  const ciphertexts = new Set<string>();
  for (let i = 0; i < n; i++) {
    const ct = await encryptField(env.keyring, 'same value', loc, { dataClass: 'pii' });
    ciphertexts.add(ct);
    nonces.add(ct.split('.')[3]!);
  }
  t.is(nonces.size, n);
  t.is(ciphertexts.size, n);
});

test('SEC-DATA-01 the model stores ciphertexts and reads plaintext back from Postgres', async (t) => {
  const created = await newProfile();
  t.is(created.full_name, 'Ada Lovelace');
  t.regex(created.getDataValue('full_name_encrypted' as never), /^v1\.user\.1\./);
  t.regex(created.getDataValue('stripe_customer_id_encrypted' as never), /^v1\.payment\.\d+\./);
  const found = await CustomerProfile.findByPk(created.id);
  t.truthy(found);
  t.like(found!.get({ plain: true }), {
    full_name: 'Ada Lovelace',
    phone: '+447700900123',
    email: 'ada@example.com',
    date_of_birth: '1815-12-10',
    passport_number: 'X12345678',
    stripe_customer_id: 'cus_TESTada0001',
  });
  const narrow = await CustomerProfile.findOne({
    where: { id: created.id },
    attributes: ['passport_number'],
  });
  t.is(narrow!.passport_number, 'X12345678');
  t.is(narrow!.full_name as string | null | undefined, undefined, 'not selected, not decrypted');
});

test('SEC-DATA-01 an update re-encrypts only the changed field, with a fresh nonce', async (t) => {
  const profile = await newProfile();
  const before = { ...(profile.dataValues as Record<string, unknown>) };
  const found = (await CustomerProfile.findByPk(profile.id))!;
  found.phone = '+14155550100';
  await found.save();
  const after = (await CustomerProfile.findByPk(profile.id))!;
  t.is(after.phone, '+14155550100');
  t.is(after.full_name, 'Ada Lovelace');
  const raw = after.dataValues as Record<string, unknown>;
  t.not(raw.phone_encrypted, before.phone_encrypted);
  t.is(raw.full_name_encrypted, before.full_name_encrypted);
  t.is(raw.email_bidx, before.email_bidx);
  await found.update({ full_name: null });
  t.is((await CustomerProfile.findByPk(profile.id))!.full_name, null);
});

test('SEC-DATA-01 a ciphertext swapped between rows in Postgres fails to decrypt through the model', async (t) => {
  const userId = randomUUID(); // same user, same key: only the row binding can catch the swap
  const a = await newProfile(userId);
  const b = await CustomerProfile.create({ user_id: userId, full_name: 'Somebody Else' });
  const su = await superuserClient(env.db.name);
  try {
    await su.query(
      'UPDATE customer_profiles SET full_name_encrypted = (SELECT full_name_encrypted FROM customer_profiles WHERE id = $1) WHERE id = $2',
      [a.id, b.id],
    );
  } finally {
    await su.end();
  }
  await t.throwsAsync(CustomerProfile.findByPk(b.id), { instanceOf: DecryptionFailedError });
  t.is((await CustomerProfile.findByPk(a.id))!.full_name, 'Ada Lovelace');
});

test('SEC-DATA-01 a ciphertext swapped between columns of one row fails to decrypt', async (t) => {
  const a = await newProfile();
  const su = await superuserClient(env.db.name);
  try {
    await su.query('UPDATE customer_profiles SET full_name_encrypted = phone_encrypted WHERE id = $1', [
      a.id,
    ]);
  } finally {
    await su.end();
  }
  await t.throwsAsync(CustomerProfile.findByPk(a.id), { instanceOf: DecryptionFailedError });
});

test('SEC-DATA-01 Postgres itself refuses plaintext or the wrong key class in an encrypted column', async (t) => {
  const insert = (column: string, value: string) =>
    env.sequelize.query(
      'INSERT INTO customer_profiles (id, user_id, full_name_encrypted, stripe_customer_id_encrypted, email_bidx) VALUES ($1, $2, $3, $4, $5)',
      {
        bind: [
          randomUUID(),
          randomUUID(),
          column === 'full_name_encrypted' ? value : null,
          column === 'stripe_customer_id_encrypted' ? value : null,
          column === 'email_bidx' ? value : null,
        ],
      },
    );
  const payment = await encryptField(env.keyring, 'cus_1', at(), { dataClass: 'payment' });
  await t.throwsAsync(insert('full_name_encrypted', 'Ada Lovelace'), { message: /check constraint/ });
  await t.throwsAsync(insert('full_name_encrypted', payment), { message: /check constraint/ });
  await t.throwsAsync(insert('email_bidx', 'ada@example.com'), { message: /check constraint/ });
  await t.notThrowsAsync(insert('stripe_customer_id_encrypted', payment));
});

test('SEC-DATA-01 write paths that would bypass encryption are refused', async (t) => {
  const p = await newProfile();
  await t.throwsAsync(CustomerProfile.update({ full_name: 'Mallory' }, { where: { id: p.id } }), {
    instanceOf: EncryptedAttributeMisuseError,
  });
  await t.throwsAsync(
    CustomerProfile.update(
      { full_name_encrypted: p.getDataValue('phone_encrypted' as never) },
      { where: { id: p.id } },
    ),
    {
      instanceOf: EncryptedAttributeMisuseError,
    },
  );
  await t.throwsAsync(CustomerProfile.upsert({ id: p.id, user_id: p.user_id, full_name: 'Mallory' }), {
    instanceOf: EncryptedAttributeMisuseError,
  });
  const direct = (await CustomerProfile.findByPk(p.id))!;
  direct.setDataValue('full_name_encrypted' as never, direct.getDataValue('phone_encrypted' as never));
  direct.changed('full_name_encrypted' as never, true);
  await t.throwsAsync(direct.save(), { instanceOf: EncryptedAttributeMisuseError });
  await t.throwsAsync(
    CustomerProfile.create({ user_id: randomUUID(), full_name_encrypted: 'Ada Lovelace' }),
    {
      message: /field ciphertexts/,
    },
  );
  const moved = (await CustomerProfile.findByPk(p.id))!;
  moved.user_id = randomUUID();
  await t.throwsAsync(moved.save(), { instanceOf: EncryptedAttributeMisuseError, message: /cannot change/ });

  class Forgot extends Model {}
  Forgot.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      secret: encryptedAttribute({ dataClass: 'pii' }),
    },
    { sequelize: env.sequelize, tableName: 'customer_profiles' },
  );
  t.throws(() => Forgot.build({ secret: 'plaintext' }), { instanceOf: EncryptedAttributeMisuseError });

  class ServerKeyed extends Model {}
  t.throws(
    () =>
      initEncryptedModel(
        ServerKeyed,
        {
          id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
          secret: encryptedAttribute({ dataClass: 'pii' }),
        },
        { sequelize: env.sequelize, tableName: 'customer_profiles' },
      ),
    { instanceOf: EncryptedAttributeMisuseError, message: /UUID primary key generated by the client/ },
  );
});

test('SEC-DATA-01 bulkCreate encrypts every row', async (t) => {
  const userId = randomUUID();
  const rows = await CustomerProfile.bulkCreate([
    { user_id: userId, full_name: 'One' },
    { user_id: userId, full_name: 'Two', stripe_customer_id: 'cus_two' },
  ]);
  const found = await CustomerProfile.findAll({
    where: { id: rows.map((r) => r.id) },
    order: [['created_at', 'ASC']],
  });
  t.deepEqual(found.map((r) => r.full_name).sort(), ['One', 'Two']);
  t.true(found.every((r) => /^v1\.user\./.test(r.getDataValue('full_name_encrypted' as never))));
});

test('SEC-DATA-01 queries that filter on an encrypted attribute are refused before reaching Postgres', async (t) => {
  const attempts = [
    () => CustomerProfile.findAll({ where: { email: 'ada@example.com' } }),
    () =>
      CustomerProfile.findOne({
        where: { [Op.or]: [{ id: randomUUID() }, { passport_number: 'X12345678' }] },
      }),
    () => CustomerProfile.count({ where: { full_name: { [Op.like]: 'Ada%' } } }),
    () => CustomerProfile.findAll({ where: sqlWhere(col('phone'), '+447700900123') }),
    () => CustomerProfile.destroy({ where: { date_of_birth: '1815-12-10' } }),
  ];
  for (const attempt of attempts) {
    await t.throwsAsync(attempt(), { instanceOf: EncryptedAttributeMisuseError, message: /blind index/ });
  }
});
