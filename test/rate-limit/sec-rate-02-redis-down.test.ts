import test from 'ava';
import { byIp, byUserOrIp, createRateLimit } from '../../api/middleware/rate-limit';
import { loadConfig } from '../../lib/config';
import type { RateLimitPolicy } from '../../lib/config/schema';
import { createRateLimiter, type LimiterLogger } from '../../lib/rate-limit';
import { fetchJson, serveKoa } from '../helpers/fetch-json';
import { startPrivateRedis } from '../helpers/private-redis';
import { readyRedis } from '../helpers/redis-keys';
import { bareKoaApp } from '../helpers/bare-koa-app';

const config = loadConfig();
/**
 * Longer than ava's per-test timeout: a request that waited for a command to time out would
 * fail the test, so an answer that arrives at all shows the dead Redis was noticed at once.
 */
const COMMAND_TIMEOUT_MS = 300_000;

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

test('SEC-RATE-02 Redis killed mid-test: login answers 503 at once, search keeps limiting in-process, never a 500', async (t) => {
  const server = await startPrivateRedis();
  t.teardown(server.kill);
  const redis = await readyRedis(server.url, { commandTimeoutMs: COMMAND_TIMEOUT_MS });
  t.teardown(() => redis.disconnect());

  const logged: string[] = [];
  const logger: LimiterLogger = {
    warn: (_f, m) => void logged.push(m),
    info: (_f, m) => void logged.push(m),
  };
  const search: RateLimitPolicy = { ...config.rateLimits.search, limit: 3 };
  const limiter = createRateLimiter({ redis, policies: { ...config.rateLimits, search }, logger });
  const rateLimit = createRateLimit({ limiter });
  const app = bareKoaApp();
  const ran = { login: 0, search: 0 };
  app.use(async (ctx, next) => {
    if (ctx.path === '/login') return rateLimit('loginPerIp', byIp)(ctx, next);
    if (ctx.path === '/search') return rateLimit('search', byUserOrIp)(ctx, next);
    await next();
  });
  app.use((ctx) => {
    ran[ctx.path === '/login' ? 'login' : 'search']++;
    ctx.body = { ok: true };
  });
  const served = await serveKoa(app);
  t.teardown(served.close);
  const statuses: number[] = [];
  const get = async (path: string, user = 'searcher') => {
    const answer = await fetchJson(`${served.url}${path}`, {
      headers: { 'X-Test-IP': '198.51.100.50', 'X-Test-User': user },
    });
    statuses.push(answer.status);
    return answer;
  };

  t.is((await get('/login')).status, 200, 'Redis up: login is counted in Redis');
  t.is((await get('/search')).status, 200);
  t.is((await get('/search')).status, 200);

  await server.kill();

  const login = await get('/login');
  t.is(login.status, 503, 'authentication fails closed');
  t.is(login.body.error_code, 'SERVICE_UNAVAILABLE');
  t.true(
    login.ms < COMMAND_TIMEOUT_MS / 10,
    `a dead Redis fails at once, not after the command timeout (${Math.round(login.ms)} ms)`,
  );

  // The in-process limiter starts from zero but still holds the line at the policy's limit.
  const local = [await get('/search'), await get('/search'), await get('/search'), await get('/search')];
  t.deepEqual(
    local.map((a) => a.status),
    [200, 200, 200, 429],
    'search degrades to the local limiter',
  );
  const refused = local[3];
  t.is(refused?.body.error_code, 'RATE_LIMITED');
  t.truthy(refused?.headers.get('Retry-After'));
  t.is(refused?.headers.get('RateLimit-Limit'), '3');
  t.is((await get('/search', 'someone-else')).status, 200, 'the local limiter is per subject too');
  for (const answer of local)
    t.true(
      answer.ms < COMMAND_TIMEOUT_MS / 10,
      `no wait for Redis while degraded (${Math.round(answer.ms)} ms)`,
    );
  t.is((await get('/login')).status, 503);
  t.is(ran.login, 1, 'no login ran while Redis was down');
  t.true(logged.includes('rate limits: Redis unreachable, degrading'));
  t.is(
    logged.filter((m) => m.includes('unreachable')).length,
    1,
    'the outage is logged once, not per request',
  );

  await server.restart();
  t.true(
    await waitFor(async () => (await get('/login')).status === 200, 60_000),
    'login recovers when Redis is back',
  );
  t.true(logged.includes('rate limits: Redis answering again'));
  t.false(statuses.includes(500), `never a 500: ${statuses.join(',')}`);
});

test('SEC-RATE-02 an error inside the limit check refuses the request with 503, never a 500 (SEC-ERR-03)', async (t) => {
  const redis = await readyRedis();
  t.teardown(() => redis.disconnect());
  const limiter = createRateLimiter({ redis, policies: config.rateLimits, keyPrefix: 'test:never-written:' });
  const rateLimit = createRateLimit({ limiter });
  let ran = 0;
  const app = bareKoaApp();
  app.use(
    rateLimit('search', () => {
      throw new Error('subject lookup exploded');
    }),
  );
  app.use((ctx) => {
    ran++;
    ctx.body = {};
  });
  const served = await serveKoa(app);
  t.teardown(served.close);
  const answer = await fetchJson(served.url);
  t.is(answer.status, 503);
  t.is(answer.body.error_code, 'SERVICE_UNAVAILABLE');
  t.is(ran, 0);
});

test('SEC-RATE-02 a Redis that never answers cannot hold requests: the command timeout fails them fast', async (t) => {
  const server = await startPrivateRedis();
  t.teardown(server.kill);
  const redis = await readyRedis(server.url, { commandTimeoutMs: 300 });
  t.teardown(() => redis.disconnect());
  const limiter = createRateLimiter({ redis, policies: config.rateLimits });
  // CLIENT PAUSE makes the server accept commands and not answer them: a hung Redis, not a dead
  // one. Paused far longer than the 300 ms timeout, so a Redis answer (login allowed) would mean
  // the timeout never fired; `unavailable` can only come from it.
  const pauseMs = 60_000;
  const admin = await readyRedis(server.url);
  t.teardown(() => admin.disconnect());
  await admin.call('CLIENT', 'PAUSE', String(pauseMs), 'ALL');

  const started = performance.now();
  const [login, search] = await Promise.all([
    limiter.consume('loginPerIp', 'ip:a'),
    limiter.consume('search', 'ip:a'),
  ]);
  const ms = performance.now() - started;
  t.deepEqual(login, { kind: 'unavailable' });
  t.like(search, { kind: 'decided', source: 'local', decision: { allowed: true } });
  t.true(ms < pauseMs / 10, `bounded by the command timeout, not the pause (${Math.round(ms)} ms)`);
});
