import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
// Registers yup's .description(), which the session answer schemas use, as the API's routing does.
import '../api/routing/schema-docs';
import { sessionSecurity } from '../api/security/session-security';
import { createAuditWriter } from '../lib/audit';
import { failFastRedis } from '../lib/clients';
import { createLogger } from '../lib/logger';
import { loadConfig } from '../lib/config';
import { deleteByPrefix, uniquePrefix } from '../test/helpers/redis-keys';
import { spawnReady, type BenchProcess } from './booking-processes';
import { customers, type BenchStack } from './booking-stack';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

export interface BenchApiEnv {
  env: NodeJS.ProcessEnv;
  url: string;
}

/**
 * The real API process's environment on the bench's private pieces: its database, its task
 * queues (TEMPORAL_TASK_QUEUE_SUFFIX), session keys under a private prefix, a free port (which
 * also names the token issuer, so the customers' sessions are made from the same environment),
 * a trusted proxy on 127.0.0.1 (the generator's X-Forwarded-For addresses are the clients), and
 * every named limit at its configured value.
 */
export async function benchApiEnv(stack: Pick<BenchStack, 'childEnv' | 'suffix'>): Promise<BenchApiEnv> {
  const port = await freePort();
  return {
    url: `http://127.0.0.1:${port}`,
    env: {
      ...stack.childEnv,
      TEMPORAL_TASK_QUEUE_SUFFIX: stack.suffix,
      API_PORT: String(port),
      API_METRICS_PORT: '0',
      TRUSTED_PROXIES: '127.0.0.1/32',
      SESSION_REDIS_PREFIX: uniquePrefix('bench-booking-sessions'),
      BOOKING_CANCEL_WINDOW_SECONDS: '1',
    },
  };
}

/** api/server.ts, unchanged, in its own process; its request log (info) is read and dropped. */
export async function startBenchApi(stack: Pick<BenchStack, 'dir'>, api: BenchApiEnv): Promise<BenchProcess> {
  const started = await spawnReady(
    'api',
    join(__dirname, '../api/server.ts'),
    [],
    api.env,
    stack.dir,
    /api listening/,
  );
  return started.process;
}

/**
 * `n` verified customers with real Bearer sessions, started by the platform's session service
 * from the API's own environment (signing keys from the secret files, issuer, Redis prefix), so
 * the API authenticates them as after a login: ES256 access token, the session in Redis.
 */
export async function bearerCustomers(stack: Pick<BenchStack, 'sequelize'>, n: number, api: BenchApiEnv) {
  const config = loadConfig(api.env);
  const redis = failFastRedis(config.redis);
  if (redis.status !== 'ready') await once(redis, 'ready');
  const security = sessionSecurity(
    config,
    { redis, sequelize: stack.sequelize },
    {
      audit: createAuditWriter(stack.sequelize),
      logger: createLogger({ serviceName: 'bench-booking', log: { level: 'error' } }),
    },
  );
  const tokens: string[] = [];
  const userIds: string[] = [];
  for (const actor of await customers(stack, n)) {
    userIds.push(actor.id);
    const issued = await security.sessions.startSession(
      { id: actor.id, role: 'USER' },
      { ip: '198.18.0.1', userAgent: 'bench-booking' },
      'bearer',
    );
    tokens.push(issued.accessToken);
  }
  return {
    tokens,
    /** The customers' ids, in the order of `tokens`. */
    userIds,
    async close() {
      await deleteByPrefix(redis, config.sessions.redisPrefix);
      redis.disconnect();
    },
  };
}
