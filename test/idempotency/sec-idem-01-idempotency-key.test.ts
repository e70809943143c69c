import { randomUUID } from 'node:crypto';
import test from 'ava';
import { idempotency } from '../../api/middleware/idempotency';
import { jsonBody } from '../../api/middleware/json-body';
import { loadConfig } from '../../lib/config';
import { createIdempotencyStore, requestFingerprint, type IdempotencyStore } from '../../lib/idempotency';
import { superuserClient } from '../helpers/databases';
import { fetchJson, serveKoa, type Answer } from '../helpers/fetch-json';
import { startPrivateRedis } from '../helpers/private-redis';
import { deleteByPrefix, keysByPrefix, readyRedis } from '../helpers/redis-keys';
import { privateStores } from '../helpers/private-stores';
import { bareKoaApp } from '../helpers/bare-koa-app';

const config = loadConfig();
const stores = privateStores('idem');

const sharedStore = () =>
  createIdempotencyStore({ redis: stores.redis, sequelize: stores.sequelize, keyPrefix: stores.keyPrefix });

interface BookingApp {
  url: string;
  runs(): number;
}

/**
 * POST /bookings and /payments behind the real JSON body reader and the idempotency middleware.
 * The handler counts its runs and answers a fresh id each time, so a replay is recognisable.
 */
async function bookingApp(
  t: { teardown(fn: () => Promise<void>): void },
  handler: (ctx: { status: number; body: unknown }, run: number) => Promise<void> | void = () => undefined,
  store: IdempotencyStore = sharedStore(),
): Promise<BookingApp> {
  const app = bareKoaApp();
  let runs = 0;
  app.use(jsonBody(config.api) as never);
  app.use(idempotency(store));
  app.use(async (ctx) => {
    const run = ++runs;
    const id = randomUUID();
    ctx.status = 201;
    ctx.set('Location', `${ctx.path}/${id}`);
    ctx.body = { id, path: ctx.path, received: ctx.request.body, run };
    await handler(ctx, run);
  });
  const served = await serveKoa(app);
  t.teardown(served.close);
  return { url: served.url, runs: () => runs };
}

function post(
  url: string,
  options: { user?: string; key?: string; body?: unknown; path?: string },
): Promise<Answer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.user) headers['X-Test-User'] = options.user;
  if (options.key !== undefined) headers['Idempotency-Key'] = options.key;
  const body =
    typeof options.body === 'string'
      ? options.body
      : JSON.stringify(options.body ?? { hotel: 'h-1', nights: 2 });
  return fetchJson(`${url}${options.path ?? '/bookings'}`, { method: 'POST', headers, body });
}

const replayed = (a: Answer) => a.headers.get('Idempotent-Replayed') === 'true';

test('SEC-IDEM-01 a missing or malformed Idempotency-Key is refused with 400 and the handler never runs', async (t) => {
  const app = await bookingApp(t);
  const user = randomUUID();
  const missing = await post(app.url, { user });
  t.is(missing.status, 400);
  t.is(missing.body.error_code, 'IDEMPOTENCY_KEY_REQUIRED');
  for (const key of [
    'abc',
    'not-a-uuid-at-all',
    '00000000-0000-0000-0000-000000000000',
    `${randomUUID()}x`,
    `${randomUUID()}, ${randomUUID()}`,
  ]) {
    const answer = await post(app.url, { user, key });
    t.is(answer.status, 400, key);
    t.is(answer.body.error_code, 'IDEMPOTENCY_KEY_INVALID', key);
  }
  t.is(app.runs(), 0);
});

test('SEC-IDEM-01 without a signed-in user the request is refused with 401', async (t) => {
  const app = await bookingApp(t);
  const answer = await post(app.url, { key: randomUUID() });
  t.is(answer.status, 401);
  t.is(answer.body.error_code, 'AUTHENTICATION_REQUIRED');
  t.is(app.runs(), 0);
});

test('SEC-IDEM-01 the same key and payload replays the first answer (status, body, Location); the handler runs once', async (t) => {
  const app = await bookingApp(t);
  const user = randomUUID();
  const key = randomUUID();
  const first = await post(app.url, {
    user,
    key,
    body: { hotel: 'h-1', guests: { adults: 2, children: 0 }, nights: 2 },
  });
  t.is(first.status, 201);
  t.false(replayed(first));

  // The same request with keys in another order, other spacing and the key in upper case.
  const again = await post(app.url, {
    user,
    key: key.toUpperCase(),
    body: '{ "nights": 2, "guests": {"children": 0, "adults": 2}, "hotel": "h-1" }',
  });
  t.is(again.status, 201);
  t.true(replayed(again));
  t.deepEqual(again.body, first.body);
  t.is(again.headers.get('Location'), first.headers.get('Location'));
  t.is(app.runs(), 1);
});

test('SEC-IDEM-01 the same key with another payload or another route answers 422 IDEMPOTENCY_KEY_MISMATCH', async (t) => {
  const app = await bookingApp(t);
  const user = randomUUID();
  const key = randomUUID();
  t.is((await post(app.url, { user, key, body: { hotel: 'h-1', nights: 2 } })).status, 201);
  const otherPayload = await post(app.url, { user, key, body: { hotel: 'h-1', nights: 3 } });
  t.is(otherPayload.status, 422);
  t.is(otherPayload.body.error_code, 'IDEMPOTENCY_KEY_MISMATCH');
  const otherRoute = await post(app.url, { user, key, body: { hotel: 'h-1', nights: 2 }, path: '/payments' });
  t.is(otherRoute.status, 422);
  t.is(app.runs(), 1);
});

test('SEC-IDEM-01 a key still in flight answers 409 IDEMPOTENCY_KEY_IN_FLIGHT (422 for another payload)', async (t) => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const app = await bookingApp(t, () => gate);
  const user = randomUUID();
  const key = randomUUID();
  const first = post(app.url, { user, key });
  while (app.runs() === 0) await new Promise((r) => setTimeout(r, 20));

  const during = await post(app.url, { user, key });
  t.is(during.status, 409);
  t.is(during.body.error_code, 'IDEMPOTENCY_KEY_IN_FLIGHT');
  t.is((await post(app.url, { user, key, body: { hotel: 'other' } })).status, 422);

  open();
  t.is((await first).status, 201);
  const after = await post(app.url, { user, key });
  t.true(replayed(after));
  t.deepEqual(after.body, (await first).body);
  t.is(app.runs(), 1);
});

test('SEC-IDEM-01 ten concurrent identical requests run the handler exactly once', async (t) => {
  const app = await bookingApp(t, () => new Promise((r) => setTimeout(r, 200)));
  const user = randomUUID();
  const key = randomUUID();
  const answers = await Promise.all(Array.from({ length: 10 }, () => post(app.url, { user, key })));
  t.is(app.runs(), 1);
  const originals = answers.filter((a) => a.status === 201 && !replayed(a));
  t.is(originals.length, 1);
  for (const answer of answers) {
    if (answer === originals[0]) continue;
    if (answer.status === 409) t.is(answer.body.error_code, 'IDEMPOTENCY_KEY_IN_FLIGHT');
    else
      t.deepEqual(
        { status: answer.status, replayed: replayed(answer), body: answer.body },
        { status: 201, replayed: true, body: originals[0]?.body },
      );
  }
});

test('SEC-IDEM-01 keys are scoped per user: the same key from two users runs twice, each replays their own', async (t) => {
  const app = await bookingApp(t);
  const key = randomUUID();
  const [alice, bob] = [randomUUID(), randomUUID()];
  const a1 = await post(app.url, { user: alice, key });
  const b1 = await post(app.url, { user: bob, key });
  t.false(replayed(a1));
  t.false(replayed(b1));
  t.notDeepEqual(a1.body, b1.body);
  t.deepEqual((await post(app.url, { user: alice, key })).body, a1.body);
  t.deepEqual((await post(app.url, { user: bob, key })).body, b1.body);
  t.is((await post(app.url, { user: bob, key, body: { other: true } })).status, 422);
  t.is(app.runs(), 2);
});

test('SEC-IDEM-01 a 5xx answer or a thrown error is not stored: the key is released and a retry runs again', async (t) => {
  const app = await bookingApp(t, (ctx, run) => {
    if (run === 1) {
      ctx.status = 503;
      ctx.body = { retry: true };
    }
    if (run === 2) throw new Error('supplier exploded');
  });
  const user = randomUUID();
  const key = randomUUID();
  t.is((await post(app.url, { user, key })).status, 503);
  t.is((await post(app.url, { user, key })).status, 500);
  const third = await post(app.url, { user, key });
  t.is(third.status, 201);
  t.false(replayed(third));
  t.true(replayed(await post(app.url, { user, key })));
  t.is(app.runs(), 3);
});

test('SEC-IDEM-02 after Redis loses the records, Postgres still replays the first answer and still refuses another payload', async (t) => {
  const app = await bookingApp(t);
  const user = randomUUID();
  const key = randomUUID();
  const first = await post(app.url, { user, key });
  t.is(first.status, 201);

  t.true((await deleteByPrefix(stores.redis, stores.keyPrefix)) > 0, "the test's Redis records are gone");
  const replay = await post(app.url, { user, key });
  t.is(replay.status, 201);
  t.true(replayed(replay));
  t.deepEqual(replay.body, first.body);
  t.true(
    (await keysByPrefix(stores.redis, stores.keyPrefix)).length > 0,
    'the durable answer is cached in Redis again',
  );

  await deleteByPrefix(stores.redis, stores.keyPrefix);
  const mismatch = await post(app.url, { user, key, body: { hotel: 'elsewhere' } });
  t.is(mismatch.status, 422);
  t.is(mismatch.body.error_code, 'IDEMPOTENCY_KEY_MISMATCH');
  t.is(app.runs(), 1);
});

test('SEC-IDEM-02 with Redis unreachable, Postgres alone still runs each key exactly once', async (t) => {
  const server = await startPrivateRedis();
  t.teardown(server.kill);
  const doomed = await readyRedis(server.url);
  t.teardown(() => doomed.disconnect());
  await server.kill();
  const app = await bookingApp(
    t,
    () => new Promise((r) => setTimeout(r, 100)),
    createIdempotencyStore({ redis: doomed, sequelize: stores.sequelize }),
  );
  const user = randomUUID();
  const key = randomUUID();

  const answers = await Promise.all(Array.from({ length: 5 }, () => post(app.url, { user, key })));
  t.is(app.runs(), 1);
  t.is(answers.filter((a) => a.status === 201 && !replayed(a)).length, 1);
  t.true(answers.every((a) => a.status === 201 || a.status === 409));
  const later = await post(app.url, { user, key });
  t.true(replayed(later));
  t.is((await post(app.url, { user, key, body: { x: 1 } })).status, 422);
  t.is(app.runs(), 1);
});

test('SEC-IDEM-02 the database itself refuses a second record for (user, key) and any stored 5xx', async (t) => {
  const client = await superuserClient(stores.db.name);
  t.teardown(() => client.end());
  const user = randomUUID();
  const key = randomUUID();
  const insert = (status: string, responseStatus: number | null) =>
    client.query(
      `INSERT INTO idempotency_records (user_id, idempotency_key, fingerprint, status, lock_token, response_status, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + interval '1 hour')`,
      [user, key, 'a'.repeat(64), status, randomUUID(), responseStatus],
    );
  await insert('in_flight', null);
  const duplicate = await t.throwsAsync(insert('completed', 201));
  t.is((duplicate as { code?: string }).code, '23505', 'unique_violation');
  await client.query('DELETE FROM idempotency_records WHERE user_id = $1', [user]);
  const serverError = await t.throwsAsync(insert('completed', 500));
  t.is((serverError as { code?: string }).code, '23514', 'check_violation');
});

test('SEC-IDEM-01 an abandoned in-flight key (crashed request) is freed when its lock expires', async (t) => {
  const store = createIdempotencyStore({
    redis: stores.redis,
    sequelize: stores.sequelize,
    keyPrefix: stores.keyPrefix,
    lockTtlMs: 1500,
  });
  const app = await bookingApp(t, () => undefined, store);
  const user = randomUUID();
  const key = randomUUID();
  const body = { hotel: 'h-1', nights: 2 };
  const begun = await store.begin({
    userId: user,
    key,
    fingerprint: requestFingerprint('POST', '/bookings', body),
  });
  t.is(begun.kind, 'proceed');
  t.is((await post(app.url, { user, key, body })).status, 409);
  await new Promise((r) => setTimeout(r, 1600));
  const after = await post(app.url, { user, key, body });
  t.is(after.status, 201);
  t.false(replayed(after));
  t.is(app.runs(), 1);
});

test('SEC-IDEM-01 answers are replayed only for the retention period, then purged (SEC-PRIV-03)', async (t) => {
  const store = createIdempotencyStore({
    redis: stores.redis,
    sequelize: stores.sequelize,
    keyPrefix: stores.keyPrefix,
    retentionMs: 1500,
  });
  const app = await bookingApp(t, () => undefined, store);
  const user = randomUUID();
  const key = randomUUID();
  t.is((await post(app.url, { user, key })).status, 201);
  t.true(replayed(await post(app.url, { user, key })));
  await new Promise((r) => setTimeout(r, 1600));
  t.true((await store.purgeExpired()) >= 1);
  const fresh = await post(app.url, { user, key, body: { hotel: 'h-2' } });
  t.is(fresh.status, 201, 'after 24 h (here 1.5 s) the key is free again');
  t.false(replayed(fresh));
  t.is(app.runs(), 2);
});
