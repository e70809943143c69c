import { createSequelize } from '../lib/clients/database';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';
import { lazyTemporalConnection } from '../lib/clients/temporal';
import { createOpenSearch, createRedis } from '../lib/clients';
import type { DependencyClients } from './readiness/dependency-checks';

export interface Clients extends DependencyClients {
  close(): Promise<void>;
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
