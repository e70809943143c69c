import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../api/app';
import { closeGracefully, listen } from '../../../api/listen';
import { createRateLimit } from '../../../api/middleware/rate-limit';
import { auditAccessDenials } from '../../../api/security/access-denied-audit';
import { keyringOf } from '../../../db/encrypted';
import { createAccounts, type AccountsDeps } from '../../../services/accounts';
import { createAuditWriter } from '../../../lib/audit';
import type { Config } from '../../../lib/config';
import { createLogger } from '../../../lib/logger';
import { createRateLimiter } from '../../../lib/rate-limit';
import { KeyringPayloadCodec } from '../../../lib/temporal/payload-codec';
import { deleteByPrefix, readyRedis, uniquePrefix } from '../../helpers/redis-keys';
import type { SagaHarness } from '../../bookings/helpers/saga-harness';
import { testSessionSecurity } from '../../helpers/test-session-security';

export interface CodecUiApp {
  url: string;
  config: Config;
  accounts: AccountsDeps;
  close(): Promise<void>;
}

/**
 * The real app as an operator's browser meets it: the sign-in page and login route (cookie
 * sessions, CSRF), the permission check with its denial audit, and the Temporal codec endpoint
 * over the harness's keyring (the one the booking saga's payloads are sealed with). Redis keys
 * under a fresh prefix; the Temporal UI origins come from the harness's config (TEMPORAL_UI_URL).
 */
export async function startCodecUiApp(h: SagaHarness): Promise<CodecUiApp> {
  const prefix = uniquePrefix('codec-ui');
  const redis = await readyRedis(h.config.redis.url);
  const logger = createLogger({ serviceName: 'travelhub-test', log: { level: 'fatal' } });
  const config: Config = {
    ...h.config,
    sessions: { ...h.config.sessions, redisPrefix: `${prefix}sess:` },
  };
  const audit = createAuditWriter(h.sequelize);
  const security = testSessionSecurity(config, { redis, sequelize: h.sequelize }, { audit, logger });
  const keyring = keyringOf(h.sequelize);
  const accounts = createAccounts({
    config,
    sequelize: h.sequelize,
    keyring,
    redis,
    audit,
    sessions: security.sessions,
    dispatchEmail: async () => undefined,
    logger,
    keyPrefix: `${prefix}acct:`,
  });
  const limiter = createRateLimiter({ redis, policies: config.rateLimits, keyPrefix: `${prefix}rl:` });
  const app = createApp({
    config,
    logger,
    sessions: security,
    onAccessDenied: auditAccessDenials(audit),
    accounts: { accounts, rateLimit: createRateLimit({ limiter, logger }) },
    readiness: { checks: [] } as never,
    temporalCodec: { codec: new KeyringPayloadCodec(keyring), audit },
  });
  const server: Server = await listen(app, { ...config.api, host: '127.0.0.1', port: 0 });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    config,
    accounts,
    async close() {
      await accounts.background.drain();
      await closeGracefully(server, 1_000);
      await deleteByPrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
