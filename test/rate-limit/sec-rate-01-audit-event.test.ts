import { Writable } from 'node:stream';
import test from 'ava';
import type Koa from 'koa';
import { createApp } from '../../api/app';
import { auditLimitHits, byIp, createRateLimit } from '../../api/middleware/rate-limit';
import type { RouteDeclaration } from '../../api/routing/route';
import { createAuditWriter } from '../../lib/audit';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { createRateLimiter } from '../../lib/rate-limit';
import { superuserClient } from '../helpers/databases';
import { fetchJson, serveKoa } from '../helpers/fetch-json';
import { privateStores } from '../helpers/private-stores';

const config = loadConfig();
const stores = privateStores('rl-audit');

test('SEC-RATE-01 a breach on a real API route is written to the audit log as rate_limit.hit, once per window', async (t) => {
  const limiter = createRateLimiter({
    redis: stores.redis,
    policies: config.rateLimits,
    keyPrefix: stores.keyPrefix,
  });
  const rateLimit = createRateLimit({
    limiter,
    onLimitExceeded: auditLimitHits(createAuditWriter(stores.sequelize)),
  });
  const login: RouteDeclaration = {
    method: 'POST',
    path: '/api/v1/test/login',
    summary: 'login stand-in',
    permission: 'public',
    handler: (ctx) => {
      ctx.body = { ok: true };
    },
  };
  const silent = new Writable({ write: (_c, _e, done) => done() });
  const app = createApp({
    config,
    logger: createLogger({ serviceName: 'rate-audit-test', log: { level: 'fatal' } }, silent),
    readiness: {},
    extraRoutes: [login],
    guards: [(route) => (route === login ? rateLimit('loginPerIp', byIp) : undefined)],
  });
  const served = await serveKoa(app as unknown as Koa);
  t.teardown(served.close);

  const statuses: number[] = [];
  for (let i = 0; i < 12; i++)
    statuses.push((await fetchJson(`${served.url}${login.path}`, { method: 'POST' })).status);
  t.deepEqual(statuses, [...Array(10).fill(200), 429, 429]);

  const client = await superuserClient(stores.db.name);
  t.teardown(() => client.end());
  const { rows } = await client.query<{
    actor_type: string;
    outcome: string;
    resource_type: string;
    canonical: string;
  }>(
    "SELECT actor_type, outcome, resource_type, canonical FROM audit_events WHERE event_type = 'rate_limit.hit'",
  );
  t.is(rows.length, 1, 'one event for the window, not one per refused request');
  const [row] = rows;
  t.like(row, { actor_type: 'anonymous', outcome: 'denied', resource_type: 'rate_limit_subject' });
  t.regex(row?.canonical ?? '', /"limit":"loginPerIp"/);
  t.regex(row?.canonical ?? '', /"originIp":"127\.0\.0\.1"/);
  t.regex(row?.canonical ?? '', /"retryAfterSeconds":\d+/);
});
