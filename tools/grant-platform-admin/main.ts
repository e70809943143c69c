import { createAuditWriter } from '../../lib/audit';
import { createAccounts } from '../../services/accounts';
import { grantPlatformAdmin } from '../../services/accounts/grant-platform-admin';
import { config } from '../../lib/config';
import { keyringFromConfig } from '../../lib/crypto';
import { createLogger } from '../../lib/logger';
import { failFastRedis } from '../../lib/clients';
import { loadJwtKeySet } from '../../lib/auth/jwt-keys';
import { createSessionService } from '../../services/sessions';
import { loadSessionSecrets, subkey } from '../../services/sessions/session-secret';
import { mapSecret } from '../../lib/crypto/rotating-secret';
import { createSequelize } from '../../lib/clients/database';

/**
 * Operator command: makes an existing user with confirmed MFA a PLATFORM_ADMIN (bootstrapping
 * the first one; later ones go through PATCH /api/v1/admin/users/:id/role).
 *   node --import tsx tools/grant-platform-admin/main.ts <user-id>
 * Audited as `authz.role_changed` by the system actor `operator-cli`.
 */
async function main(): Promise<number> {
  const userId = process.argv[2];
  if (!userId || !/^[0-9a-f-]{36}$/i.test(userId)) {
    console.error('usage: grant-platform-admin <user-id>');
    return 2;
  }
  const cfg = config();
  const logger = createLogger(cfg);
  const sequelize = createSequelize(cfg, 'app');
  const redis = failFastRedis(cfg.redis);
  try {
    await new Promise<void>((resolve) =>
      redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve()),
    );
    const audit = createAuditWriter(sequelize);
    const sessions = createSessionService({
      redis,
      sequelize,
      audit,
      settings: cfg.sessions,
      keys: loadJwtKeySet(),
      deviceKey: mapSecret(loadSessionSecrets(), (secret) => subkey(secret, 'device')),
    });
    const deps = createAccounts({
      config: cfg,
      sequelize,
      keyring: keyringFromConfig(cfg, sequelize),
      redis,
      audit,
      sessions,
      dispatchEmail: () => Promise.resolve(),
      logger,
    });
    const { fromRole } = await grantPlatformAdmin(deps, userId, 'operator-cli');
    console.log(`OK ${userId}: ${fromRole} -> PLATFORM_ADMIN (sessions ended)`);
    return 0;
  } catch (err) {
    console.error(`FAIL ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    redis.disconnect();
    await sequelize.close();
  }
}

main().then((code) => {
  process.exitCode = code;
});
