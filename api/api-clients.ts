import { createRequestSequelize } from '../lib/clients/database';
import { createDependencyBreakers, type DependencyBreakers } from '../lib/dependencies';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';
import { lazyTemporalConnection } from '../lib/clients/temporal';
import { createOpenSearch, createRedis } from '../lib/clients';
import type { DependencyClients } from './readiness/dependency-checks';

export interface Clients extends DependencyClients {
  /** One circuit breaker per dependency (issue 20.2); the Temporal client is built on its own. */
  breakers: DependencyBreakers;
  close(): Promise<void>;
}

/**
 * The real clients the API process talks to, built from config, each behind its dependency's
 * breaker with the request path's deadline (config.dependencies); `close` ends them all.
 */
export function createClients(config: Config, logger: Logger): Clients {
  const breakers = createDependencyBreakers(config.dependencies, {
    onStateChange: (dependency, state) =>
      logger.warn(
        { action: 'dependency.breaker', dependency, result: state },
        `${dependency} breaker ${state}`,
      ),
  });
  const clients = {
    sequelize: createRequestSequelize(config, breakers.postgres),
    redis: createRedis(config, logger, breakers.redis),
    temporal: lazyTemporalConnection(config),
    opensearch: createOpenSearch(config, breakers.opensearch),
  };
  return {
    ...clients,
    breakers,
    async close() {
      const results = await Promise.allSettled([
        clients.sequelize.close(),
        clients.redis.status === 'ready' ? clients.redis.quit() : clients.redis.disconnect(),
        clients.temporal.close(),
        clients.opensearch.close(),
      ]);
      breakers.shutdown(); // after the clients: a shut breaker refuses even their goodbyes (QUIT)
      for (const result of results) {
        if (result.status === 'rejected')
          logger.warn({ err: result.reason as Error }, 'closing a client failed');
      }
    },
  };
}
