import test from 'ava';
import { createHmac, randomUUID } from 'node:crypto';
import { CustomerProfile } from '../../db/models/customer-profile';
import {
  findAllByBlindIndex,
  findOneByBlindIndex,
  modelKeyUsage,
  reencryptRowsUsingKey,
} from '../../db/encrypted';
import { blindIndex, dataKeyContext, normalizers } from '../../lib/crypto';
import { superuserClient } from '../helpers/databases';
import { cryptoDatabase, type CryptoDatabase } from './helpers/crypto-database';

/** Key changes here are made by the system (a schedule), as the operator commands do. */
const OPERATOR = { system: 'test-key-rotation' };

// One test rotates the blind-index key: run them one at a time.
let env: CryptoDatabase;
test.before(async () => {
  env = await cryptoDatabase({ activeVersionTtlMs: 0, retireGraceMs: 0 });
});
test.after.always(async () => {
  await env?.close();
});

const email = () => `traveller.${randomUUID().slice(0, 8)}@example.com`;

test.serial('SEC-DATA-03 the blind index finds a row by email through the model in Postgres', async (t) => {
  const address = email();
  const profile = await CustomerProfile.create({
    user_id: randomUUID(),
    email: address,
    full_name: 'Ada Lovelace',
  });
  await CustomerProfile.create({ user_id: randomUUID(), email: email() });
  const found = await findOneByBlindIndex(CustomerProfile, 'email', address);
  t.is(found?.id, profile.id);
  t.is(found?.email, address);
  t.is(found?.full_name, 'Ada Lovelace');
  t.is(await findOneByBlindIndex(CustomerProfile, 'email', email()), null);
  const bidx = profile.getDataValue('email_bidx' as never) as string;
  t.regex(bidx, /^1\.[A-Za-z0-9_-]{43}$/);
  t.false(bidx.includes(address));
  // Other conditions combine with the index.
  t.is(
    (await findAllByBlindIndex(CustomerProfile, 'email', address, { where: { user_id: randomUUID() } }))
      .length,
    0,
  );
  await t.throwsAsync(findAllByBlindIndex(CustomerProfile, 'phone', '+447700900123'), {
    message: /no blind index/,
  });
});

test.serial(
  'SEC-DATA-03 casing, surrounding space and NFKC variants of an email share one index',
  async (t) => {
    const profile = await CustomerProfile.create({ user_id: randomUUID(), email: 'Zoë.Ñoño@Example.COM' });
    // 'ｚ' is FULLWIDTH LATIN SMALL LETTER Z; 'e\u0308' is e + combining diaeresis.
    for (const variant of [
      'zoë.ñoño@example.com',
      '  ZOË.ÑOÑO@EXAMPLE.COM ',
      'ｚoë.ñoño@example.com',
      'Zoe\u0308.N\u0303on\u0303o@example.com',
    ]) {
      const found = await findAllByBlindIndex(CustomerProfile, 'email', variant);
      t.deepEqual(
        found.map((p) => p.id),
        [profile.id],
        variant,
      );
    }
    t.is(normalizers.email(' ＡＤＡ@Example.com'), 'ada@example.com');
    const scope = 'customer_profiles.email';
    t.is(
      await blindIndex(env.keyring, scope, 'ADA@example.com', normalizers.email),
      await blindIndex(env.keyring, scope, 'ada@example.com', normalizers.email),
    );
    t.not(
      await blindIndex(env.keyring, scope, 'ada@example.com', normalizers.email),
      await blindIndex(env.keyring, scope, 'ada@example.org', normalizers.email),
    );
  },
);

test.serial('SEC-DATA-03 the index scope keeps equal values in different columns unlinkable', async (t) => {
  const a = await blindIndex(env.keyring, 'customer_profiles.email', 'ada@example.com', normalizers.email);
  const b = await blindIndex(env.keyring, 'bookings.contact_email', 'ada@example.com', normalizers.email);
  t.not(a, b);
});

test.serial('SEC-DATA-03 the blind-index key is its own key, never an encryption key', async (t) => {
  await CustomerProfile.create({ user_id: randomUUID(), email: email(), stripe_customer_id: 'cus_1' });
  await env.keyring.activeKey('pii');
  const su = await superuserClient(env.db.name);
  const byClass = new Map<string, Buffer>();
  try {
    const { rows } = await su.query(
      "SELECT data_class, version, wrapped_key, kek_id FROM data_keys WHERE status = 'active'",
    );
    for (const r of rows) {
      byClass.set(
        r.data_class,
        await env.keyring.provider.unwrap(
          { wrapped: r.wrapped_key, kekId: r.kek_id },
          dataKeyContext(r.data_class, r.version),
        ),
      );
    }
  } finally {
    await su.end();
  }
  const indexKey = byClass.get('blind_index')!;
  t.truthy(indexKey);
  for (const other of ['pii', 'payment']) t.false(indexKey.equals(byClass.get(other)!), other);
  // The stored index is HMAC-SHA256 under exactly that key, and under no encryption key.
  const address = 'grace@example.com';
  const stored = await blindIndex(env.keyring, 'customer_profiles.email', address, normalizers.email);
  const [version, macText] = stored.split('.');
  const macUnder = (key: Buffer) =>
    createHmac('sha256', key)
      .update(JSON.stringify(['travelhub-blind-index-v1', 'customer_profiles.email', address]))
      .digest('base64url');
  t.is(version, String((await env.keyring.activeKey('blind_index')).version));
  t.is(macText, macUnder(indexKey));
  t.not(macText, macUnder(byClass.get('pii')!));
});

test.serial(
  'SEC-DATA-03 lookups keep working across a blind-index key rotation and re-indexing',
  async (t) => {
    const address = email();
    const profile = await CustomerProfile.create({ user_id: randomUUID(), email: address });
    const old = (await env.keyring.activeKey('blind_index')).version;
    const next = await env.keyring.rotate('blind_index', OPERATOR);
    const newer = await CustomerProfile.create({ user_id: randomUUID(), email: address.toUpperCase() });
    t.regex(newer.getDataValue('email_bidx' as never), new RegExp(`^${next}\\.`));
    const both = await findAllByBlindIndex(CustomerProfile, 'email', address);
    t.deepEqual(both.map((p) => p.id).sort(), [profile.id, newer.id].sort());

    const usage = modelKeyUsage([CustomerProfile]);
    t.true((await usage('blind_index', old)) > 0);
    while ((await reencryptRowsUsingKey(CustomerProfile, 'blind_index', old, 50)) > 0);
    t.is(await usage('blind_index', old), 0);
    await env.keyring.retire('blind_index', old, usage, OPERATOR);
    const after = await findAllByBlindIndex(CustomerProfile, 'email', address);
    t.deepEqual(after.map((p) => p.id).sort(), [profile.id, newer.id].sort());
    t.true(after.every((p) => (p.getDataValue('email_bidx' as never) as string).startsWith(`${next}.`)));
  },
);

test.serial(
  'SEC-DATA-03 a lookup that lists a version just before it is retired still answers, without that version',
  async (t) => {
    const address = email();
    const profile = await CustomerProfile.create({ user_id: randomUUID(), email: address });
    const old = (await env.keyring.activeKey('blind_index')).version;
    await env.keyring.rotate('blind_index', OPERATOR);
    const usage = modelKeyUsage([CustomerProfile]);
    while ((await reencryptRowsUsingKey(CustomerProfile, 'blind_index', old, 50)) > 0);

    // The retirement lands between the lookup's listing of versions and the loading of their keys.
    const dataKeys = env.keyring.dataKeys;
    const list = dataKeys.list.bind(dataKeys);
    let retiredInBetween = false;
    dataKeys.list = async (...args: Parameters<typeof list>) => {
      const rows = await list(...args);
      if (!retiredInBetween) {
        retiredInBetween = true;
        await env.keyring.retire('blind_index', old, usage, OPERATOR);
      }
      return rows;
    };
    try {
      const found = await findAllByBlindIndex(CustomerProfile, 'email', address);
      t.true(retiredInBetween);
      t.deepEqual(
        found.map((p) => p.id),
        [profile.id],
      );
    } finally {
      dataKeys.list = list;
    }
    t.false((await env.keyring.readableKeys('blind_index')).some((k) => k.version === old));
  },
);
