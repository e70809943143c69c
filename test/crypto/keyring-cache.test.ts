import test from 'ava';
import { randomUUID } from 'node:crypto';
import {
  decryptField,
  encryptField,
  Keyring,
  LruTtlCacheForTests as LruTtlCache,
  type KeyProvider,
} from './helpers/keyring-internals';
import { cryptoDatabase, type CryptoDatabase } from './helpers/crypto-database';

let env: CryptoDatabase;
test.before(async () => {
  env = await cryptoDatabase();
});
test.after.always(async () => {
  await env?.close();
});

/** Counts unwraps by delegating to the real provider. */
function countingProvider(inner: KeyProvider) {
  const counter = { unwraps: 0 };
  const provider: KeyProvider = {
    currentKekId: inner.currentKekId,
    generateDataKey: (c) => inner.generateDataKey(c),
    wrap: (k, c) => inner.wrap(k, c),
    unwrap: (k, c) => {
      counter.unwraps += 1;
      return inner.unwrap(k, c);
    },
  };
  return { provider, counter };
}

test('SEC-DATA-02 the key cache is bounded and its entries expire', (t) => {
  let now = 0;
  const cache = new LruTtlCache<string>({ maxEntries: 3, ttlMs: 1000 }, () => now);
  cache.set('a', 'A');
  cache.set('b', 'B');
  cache.set('c', 'C');
  t.is(cache.get('a'), 'A'); // a is now the most recently used
  cache.set('d', 'D');
  t.is(cache.size, 3);
  t.is(cache.get('b'), undefined, 'least recently used evicted');
  t.is(cache.get('a'), 'A');
  now = 999;
  t.is(cache.get('c'), 'C');
  now = 1000;
  t.is(cache.get('c'), undefined, 'expired at its TTL');
  cache.set('short', 'S', 10);
  now = 1011;
  t.is(cache.get('short'), undefined);
  t.throws(() => new LruTtlCache({ maxEntries: 0, ttlMs: 1 }));
});

test('SEC-DATA-02 a warm keyring does not unwrap again, and concurrent misses share one unwrap', async (t) => {
  const { provider, counter } = countingProvider(env.keyring.provider);
  const keyring = new Keyring({ provider, sequelize: env.sequelize, keyStore: env.keyStore });
  const loc = { table: 'customer_profiles', column: 'phone_encrypted', rowId: randomUUID() };
  const userId = randomUUID();
  const cts = await Promise.all(
    Array.from({ length: 20 }, () => encryptField(keyring, '+447700900123', loc, { userId })),
  );
  t.is(counter.unwraps, 1);
  await Promise.all(cts.map((ct) => decryptField(keyring, ct, loc, { userId })));
  await Promise.all(Array.from({ length: 20 }, () => encryptField(keyring, 'x', loc, { dataClass: 'pii' })));
  t.is(counter.unwraps, 2);
  keyring.clearCache();
  await decryptField(keyring, cts[0]!, loc, { userId });
  t.is(counter.unwraps, 3);
});

test('SEC-DATA-02 the keyring holds at most maxCachedKeys keys and drops them after their TTL', async (t) => {
  let now = Date.now();
  const { provider, counter } = countingProvider(env.keyring.provider);
  const keyring = new Keyring({
    provider,
    sequelize: env.sequelize,
    keyStore: env.keyStore,
    maxCachedKeys: 5,
    userKeyTtlMs: 1000,
    now: () => now,
  });
  const users = Array.from({ length: 8 }, () => randomUUID());
  for (const u of users) await keyring.userKey(u, { create: true });
  t.is(keyring.cachedEntries, 5);
  const before = counter.unwraps;
  await keyring.userKey(users[7]!, { create: false });
  t.is(counter.unwraps, before, 'recent key still cached');
  now += 1001;
  await keyring.userKey(users[7]!, { create: false });
  t.is(counter.unwraps, before + 1, 'expired key unwrapped again');
});
