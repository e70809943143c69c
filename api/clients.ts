import { readFileSync } from 'node:fs';
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';
import type { Redis } from 'ioredis';
import { createSequelize } from '../db/connection';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';
import { lazyTemporalConnection } from '../lib/temporal/connection';
import { failFastRedis } from '../lib/rate-limit';
import type { DependencyClients } from './readiness/dependency-checks';

export interface Clients extends DependencyClients {
  close(): Promise<void>;
}

const readCa = (file: string | undefined) => (file ? readFileSync(file) : undefined);

/**
 * The process's one Redis client. Fail-fast (no offline queue, no per-request retries): a dead
 * Redis costs a request milliseconds, which rate limits (SEC-RATE-02) and readiness both need.
 */
export function createRedis(config: Config, logger: Logger): Redis {
  // Without a listener ioredis prints connection errors to stderr; they belong in the log.
  return failFastRedis(config.redis, {
    onError: (err) => logger.warn({ err, dependency: 'redis' }, 'redis connection error'),
  });
}

export function createOpenSearch(config: Config): OpenSearchClient {
  const { opensearch } = config;
  return new OpenSearchClient({
    node: opensearch.url,
    auth: opensearch.username
      ? { username: opensearch.username, password: opensearch.password ?? '' }
      : undefined,
    ssl: opensearch.tls.enabled ? { ca: readCa(opensearch.tls.caFile), rejectUnauthorized: true } : undefined,
    requestTimeout: opensearch.requestTimeoutMs,
    maxRetries: 1,
  });
}

/** The real clients the API process talks to, built from config; `close` ends them all. */
export function createClients(config: Config, logger: Logger): Clients {
  const clients = {
    sequelize: createSequelize(config, 'app'),
    redis: createRedis(config, logger),
    temporal: lazyTemporalConnection(config),
    opensearch: createOpenSearch(config),
  };
  return {
    ...clients,
    async close() {
      const results = await Promise.allSettled([
        clients.sequelize.close(),
        clients.redis.status === 'ready' ? clients.redis.quit() : clients.redis.disconnect(),
        clients.temporal.close(),
        clients.opensearch.close(),
      ]);
      for (const result of results) {
        if (result.status === 'rejected')
          logger.warn({ err: result.reason as Error }, 'closing a client failed');
      }
    },
  };
}
