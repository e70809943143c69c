import { randomBytes } from 'node:crypto';
import { createAuditWriter } from '../../../lib/audit';
import { jwtKeySetFromPem } from '../../../lib/auth/jwt-keys';
import { createSessionService, type SessionDeps } from '../../../services/sessions';
import { subkey } from '../../../services/sessions/session-secret';
import { newEs256Pem } from '../../sessions/helpers/session-fixture';
import type { AccountsHarness } from './accounts-harness';

/**
 * The real session service over the accounts harness's database and Redis (sessions under the
 * harness's key prefix), with fresh signing keys and a fresh device secret. `extra` adds the
 * optional ports a test needs (the new-device notifier).
 */
export function harnessSessionService(h: AccountsHarness, extra: Pick<SessionDeps, 'notifyNewDevice'> = {}) {
  return createSessionService({
    redis: h.redis,
    sequelize: h.sequelize,
    audit: createAuditWriter(h.sequelize),
    settings: { ...h.db.config.sessions, redisPrefix: `${h.keyPrefix}sess:` },
    keys: jwtKeySetFromPem(newEs256Pem().privatePem),
    deviceKey: subkey(randomBytes(32).toString('hex'), 'device'),
    ...extra,
  });
}
