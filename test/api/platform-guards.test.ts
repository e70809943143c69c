import test from 'ava';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { createRedis } from '../../lib/clients';
import { closeGracefully, listen } from '../../api/listen';
import type { RouteDeclaration } from '../../api/routing/route';
import { platformGuards } from '../../api/security/platform-guards';
import { createSequelize } from '../../lib/clients/database';
import type { Config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { freshDatabase, superuserClient, type TestDatabase } from '../helpers/databases';
import { httpRequest } from '../helpers/http-request';
import { LogCapture } from '../helpers/log-capture';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';

let db: TestDatabase;
// The limits count in a Redis of this file's own, empty at every run: a rerun (or a parallel
// run) can never find the buckets of an earlier one, whatever address it picks.
let redisServer: PrivateRedis;
test.before(async () => {
  db = await freshDatabase();
  redisServer = await startPrivateRedis();
});
test.after.always(async () => {
  await db?.drop();
  await redisServer?.kill();
});

const adminOnly: RouteDeclaration = {
  method: 'GET',
  path: '/api/v1/test/audit-only',
  summary: 'test route needing view_audit_logs',
  permission: 'view_audit_logs',
  handler: (ctx) => {
    ctx.body = { ok: true };
  },
};

async function serveWithGuards(overrides: Partial<Config> = {}) {
  const config: Config = {
    ...db.config,
    ...overrides,
    api: { ...(overrides.api ?? db.config.api), port: 0 },
    redis: { ...db.config.redis, url: redisServer.url, username: undefined, password: undefined },
  };
  const logger = createLogger({ ...config, log: { level: 'fatal' } }, new LogCapture());
  const sequelize = createSequelize(config, 'app');
  const redis = createRedis(config, logger);
  const guards = platformGuards(config, { sequelize, redis }, logger);
  await guards.ready(5_000);
  const app = createApp({
    config,
    logger,
    readiness: {},
    middleware: guards.middleware,
    onAccessDenied: guards.onAccessDenied,
    extraRoutes: [adminOnly],
  });
  const server = await listen(app, config.api);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async close() {
      await closeGracefully(server, 1_000);
      redis.disconnect();
      await sequelize.close();
    },
  };
}

async function auditRows(type: string) {
  const pg = await superuserClient(db.name);
  try {
    const { rows } = await pg.query('SELECT canonical AS record FROM audit_events WHERE event_type = $1', [
      type,
    ]);
    return rows as { record: string }[];
  } finally {
    await pg.end();
  }
}

test('SEC-LOG-03 a refusal by the permission check is written to the audit log as authz.access_denied', async (t) => {
  const api = await serveWithGuards();
  t.teardown(() => api.close());
  const answer = await httpRequest(api.url, { path: adminOnly.path });
  t.is(answer.status, 401);
  const rows = await auditRows('authz.access_denied');
  t.is(rows.length, 1);
  t.regex(rows[0]!.record, /view_audit_logs/);
  t.regex(rows[0]!.record, /\/api\/v1\/test\/audit-only/);
});

test('SEC-RATE-01 the running API limits every client IP overall (globalPerIp) and audits the breach', async (t) => {
  const limit = 5;
  const api = await serveWithGuards({
    rateLimits: {
      ...db.config.rateLimits,
      globalPerIp: { limit, windowSeconds: 60, whenRedisDown: 'local' },
    },
    api: { ...db.config.api, trustedProxies: ['127.0.0.1'] },
  });
  t.teardown(() => api.close());
  const ip = '198.51.100.7';
  const statuses: number[] = [];
  for (let i = 0; i <= limit; i++) {
    const answer = await httpRequest(api.url, { path: '/healthz', headers: { 'x-forwarded-for': ip } });
    statuses.push(answer.status);
    if (i === limit) {
      t.truthy(answer.headers['retry-after']);
      t.is(answer.headers['ratelimit-limit'], String(limit));
    }
  }
  t.deepEqual(statuses, [...Array(limit).fill(200), 429]);
  t.is((await auditRows('rate_limit.hit')).length, 1);
});
