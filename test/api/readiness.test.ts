import test from 'ava';
import { createOpenSearch, createRedis } from '../../lib/clients';
import { lazyTemporalConnection } from '../../lib/clients/temporal';
import {
  dependencyChecks,
  opensearchCheck,
  postgresCheck,
  redisCheck,
  temporalCheck,
} from '../../api/readiness/dependency-checks';
import type { ReadinessCheck } from '../../api/readiness/readiness';
import { createSequelize } from '../../lib/clients/database';
import type { Config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { freePort as closedPort } from '../helpers/free-port';
import { stableAnswerText } from '../helpers/generated-fields';
import { startApiApp, type ApiApp } from '../helpers/api-app';

const withPort = (url: string, port: number) => {
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
};

/** A check of one dependency built by the real client factory from config pointed at a closed port. */
const brokenChecks: Record<
  string,
  (config: Config, port: number, closers: (() => unknown)[]) => ReadinessCheck
> = {
  postgres: (config, port, closers) => {
    const sequelize = createSequelize({
      ...config,
      database: { ...config.database, url: withPort(config.database.url, port) },
    });
    closers.push(() => sequelize.close());
    return postgresCheck(sequelize);
  },
  redis: (config, port, closers) => {
    const redis = createRedis(
      // The stack's Redis answers on a Unix socket; a dead one is a TCP port nobody listens on.
      { ...config, redis: { ...config.redis, url: `redis://127.0.0.1:${port}` } },
      createLogger({ ...config, log: { level: 'fatal' } }),
    );
    closers.push(() => redis.disconnect());
    return redisCheck(redis);
  },
  temporal: (config, port, closers) => {
    const connection = lazyTemporalConnection({
      ...config,
      temporal: { ...config.temporal, address: `127.0.0.1:${port}` },
    });
    closers.push(() => connection.close());
    return temporalCheck(connection);
  },
  opensearch: (config, port, closers) => {
    const client = createOpenSearch({
      ...config,
      opensearch: { ...config.opensearch, url: withPort(config.opensearch.url, port) },
    });
    closers.push(() => client.close());
    return opensearchCheck(client);
  },
};

/**
 * Runs every real check once before the measured request, so connection setup (the scram
 * handshake of a fresh pool, gRPC dial) is not what the short outbound timeout of these tests
 * measures on a loaded machine: only the broken or hanging check may be slow.
 */
async function warmRealChecks(api: ApiApp): Promise<void> {
  await Promise.all(
    Object.values(dependencyChecks(api.clients)).map((check) => check(AbortSignal.timeout(30_000))),
  );
}

const apps: ApiApp[] = [];
const closers: (() => unknown)[] = [];
test.after.always(async () => {
  await Promise.all(apps.map((api) => api.close()));
  await Promise.allSettled(closers.map((close) => close()));
});

test('readiness: /readyz answers 200 when Postgres, Redis, Temporal and OpenSearch all answer for real', async (t) => {
  const api = await startApiApp();
  apps.push(api);
  const answer = await api.send('/readyz');
  t.is(answer.status, 200, answer.text);
  t.deepEqual(answer.json, {
    status: 'ready',
    checks: { postgres: 'up', redis: 'up', temporal: 'up', opensearch: 'up' },
  });
  const live = await api.send('/healthz');
  t.deepEqual(live.json, { status: 'ok' });
});

for (const failing of Object.keys(brokenChecks)) {
  test(`readiness: /readyz answers 503 naming ${failing} when its client points at a closed port`, async (t) => {
    const port = await closedPort();
    const api = await startApiApp({
      outboundTimeoutMs: 8_000,
      readiness: (clients, config) => ({
        ...dependencyChecks(clients),
        [failing]: brokenChecks[failing]?.(config, port, closers) as ReadinessCheck,
      }),
    });
    apps.push(api);
    await warmRealChecks(api);
    const answer = await api.send('/readyz');
    // Bounded by the 8 s outbound timeout, not by a clock here: a check that hung past it would
    // be answered by the 30 s request timeout (REQUEST_TIMEOUT), not with NOT_READY.
    t.is(answer.status, 503);
    t.is(answer.json.error_code, 'NOT_READY');
    t.deepEqual(answer.json.details.failed, [failing]);
    t.is(answer.json.details.checks[failing], 'down');
    t.regex(answer.json.message, new RegExp(failing));
    // Searched without error_id and timestamp, which may hold the port's digits by chance.
    const text = stableAnswerText(answer.text);
    t.false(text.includes(String(port)), 'no address in the answer');
    t.false(text.includes('ECONNREFUSED'));
    t.true(
      api.logs.records.some((r) => r.msg === 'readiness check failed' && r.dependency === failing),
      'the cause is in the log',
    );
  });
}

test('readiness: a check that never answers is cut off by the timeout', async (t) => {
  const api = await startApiApp({
    outboundTimeoutMs: 5_000,
    readiness: (clients) => ({
      ...dependencyChecks(clients),
      opensearch: () => new Promise<void>(() => undefined),
    }),
  });
  apps.push(api);
  await warmRealChecks(api);
  const answer = await api.send('/readyz');
  // The check never answers: only the 5 s outbound timeout can make it NOT_READY; without it the
  // 30 s request timeout would answer REQUEST_TIMEOUT instead.
  t.true(api.config.api.requestTimeoutMs >= 5 * 5_000, 'the request timeout is far longer');
  t.is(answer.status, 503);
  t.is(answer.json.error_code, 'NOT_READY');
  t.deepEqual(answer.json.details.failed, ['opensearch']);
});
