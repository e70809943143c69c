import test from 'ava';
import { ConfigError, loadConfig } from '../../lib/config';
import { createIdempotencyStore } from '../../lib/idempotency';
import { rawQuery } from '../audit/helpers/audit-db';
import { privateStores } from '../helpers/private-stores';
import { keysByPrefix } from '../helpers/redis-keys';
import { idempotencyFixtures, newScope } from './helpers/idempotency-records';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const stores = privateStores('idem-window');

test('SEC-IDEM-01 the replay window is configured: 24 h by default, IDEMPOTENCY_RETENTION_SECONDS only shorter, at least 1 h', (t) => {
  // Parsing only: nothing here reaches a service.
  t.is(loadConfig({}).idempotency.retentionSeconds * 1000, DAY_MS);
  t.is(loadConfig({ IDEMPOTENCY_RETENTION_SECONDS: '3600' }).idempotency.retentionSeconds, 3_600);
  for (const raw of ['86401', '3599', '0', '1h', ' 3600']) {
    t.throws(() => loadConfig({ IDEMPOTENCY_RETENTION_SECONDS: raw }), { instanceOf: ConfigError }, raw);
  }
});

test('SEC-IDEM-01 a completed answer is kept for 24 h by default, in Redis and in Postgres', async (t) => {
  // The store as the app builds it: no retention given, so the process config decides.
  const store = createIdempotencyStore({
    redis: stores.redis,
    sequelize: stores.sequelize,
    keyPrefix: stores.keyPrefix,
  });
  const scope = newScope();
  const begun = await store.begin(scope);
  if (begun.kind !== 'proceed') return t.fail(`a fresh key proceeds, got ${begun.kind}`);
  await store.complete(scope, begun.lockToken, { status: 201, body: { ok: true }, headers: {} });

  // What is left of the window, read right after writing it: a day less the moments this test
  // took. The hour of margin is for a slow machine; a 60 s (or 23 h) window fails either way.
  const [key] = await keysByPrefix(stores.redis, stores.keyPrefix);
  const redisLeft = await stores.redis.pttl(key!);
  t.true(redisLeft > DAY_MS - HOUR_MS && redisLeft <= DAY_MS, `Redis keeps it ${redisLeft} ms`);
  const [row] = await rawQuery<{ left_ms: string }>(
    stores.db,
    `SELECT floor(extract(epoch FROM expires_at - now()) * 1000)::bigint AS left_ms
       FROM idempotency_records WHERE user_id = $1 AND idempotency_key = $2`,
    [scope.userId, scope.key],
  );
  const postgresLeft = Number(row!.left_ms);
  t.true(postgresLeft > DAY_MS - HOUR_MS && postgresLeft <= DAY_MS, `Postgres keeps it ${postgresLeft} ms`);
  t.like(await store.begin(scope), { kind: 'replay', response: { status: 201 } });
});

test('SEC-IDEM-01 an answer completed 23 h ago still replays; one completed 25 h ago does not', async (t) => {
  const store = createIdempotencyStore({
    redis: stores.redis,
    sequelize: stores.sequelize,
    keyPrefix: stores.keyPrefix,
  });
  const fixtures = idempotencyFixtures(stores.sequelize, stores.db);
  // Written to Postgres only and aged there, so Redis knows neither: Postgres decides alone.
  const recent = await fixtures.completed(23);
  const old = await fixtures.completed(25);
  t.like(await store.begin(recent), { kind: 'replay', response: { status: 201 } });
  t.like(await store.begin(old), { kind: 'proceed' });
});
