import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { sessionSecurity, type SessionSecurity } from '../../api/security/session-security';
import type { AuditWriter } from '../../lib/audit';
import { jwtKeySetFromPem } from '../../lib/auth/jwt-keys';
import type { Config } from '../../lib/config';
import type { Logger } from '../../lib/logger';

/**
 * The real session security (JWT verification, Redis sessions, CSRF) with what only a test app
 * gets: a fresh ES256 signing key and session secret per call, and no new-device mail.
 */
export function testSessionSecurity(
  config: Config,
  clients: { redis: Redis; sequelize: Sequelize },
  deps: { audit: AuditWriter; logger: Logger },
): SessionSecurity {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return sessionSecurity(config, clients, {
    ...deps,
    keys: jwtKeySetFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    secret: randomBytes(32).toString('hex'),
    notifyNewDevice: async () => undefined,
  });
}
