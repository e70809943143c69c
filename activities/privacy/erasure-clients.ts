import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { keyringOf } from '../../db/encrypted';
import { lazyTemporalConnection, platformTemporalClient } from '../../lib/clients/temporal';
import type { Config } from '../../lib/config';
import { redisSessionStore } from '../../services/sessions/session-store';
import type { ErasureStepDeps } from '../../services/privacy/erasure-steps';

/**
 * What the erasure steps need on the maintenance worker: the app connection with its keyring
 * attached (workers/maintenance.ts; to shred the user's key), the session store (to end live sessions) and a platform Temporal
 * client (to cancel pending bookings through their sagas, payloads sealed by the codec).
 */
export function createErasureClients(
  cfg: Config,
  sequelize: Sequelize,
  redis: Redis,
): { deps: ErasureStepDeps; close(): Promise<void> } {
  const keyring = keyringOf(sequelize);
  const connection = lazyTemporalConnection(cfg);
  const s = cfg.sessions;
  const sessions = redisSessionStore(redis, {
    prefix: s.redisPrefix,
    idleTimeoutSeconds: s.idleTimeoutSeconds,
    maxPerUser: s.maxPerUser,
    longestLifetimeSeconds: Math.max(s.customerLifetimeSeconds, s.adminLifetimeSeconds),
  });
  return {
    deps: { sequelize, sessions, temporal: platformTemporalClient(connection, cfg, keyring) },
    close: () => connection.close(),
  };
}
