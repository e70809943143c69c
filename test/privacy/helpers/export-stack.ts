import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryTypes } from 'sequelize';
import { createApp } from '../../../api/app';
import { closeGracefully, listen } from '../../../api/listen';
import { createRateLimit } from '../../../api/middleware/rate-limit';
import { composePrivacy } from '../../../api/routes/privacy/compose-privacy';
import { auditAccessDenials } from '../../../api/security/access-denied-audit';
import { keyringOf } from '../../../db/encrypted';
import { createAuditWriter, parseAuditRecord, type AuditEvent } from '../../../lib/audit';
import type { Config } from '../../../lib/config';
import { RATE_LIMIT_DEFAULTS } from '../../../lib/config/schema';
import { createLogger } from '../../../lib/logger';
import { createRateLimiter } from '../../../lib/rate-limit';
import { createAccounts, type AccountsDeps } from '../../../services/accounts';
import { createUser, enrolMfa, type TestUser } from '../../accounts/helpers/accounts-data';
import { httpRequest, type HttpAnswer } from '../../helpers/http-request';
import { deleteByPrefix, readyRedis, uniquePrefix } from '../../helpers/redis-keys';
import { testSessionSecurity } from '../../helpers/test-session-security';
import { refundsStack, type RefundsStack } from '../../refunds/helpers/refunds-stack';

/** A user signed in through the real login route, with MFA enrolled and recovery codes to spend. */
export interface ExportUser extends TestUser {
  token: string;
  /** Unused recovery codes (the login spent one); each export with one spends it. */
  codes: string[];
}

export interface ExportStack {
  s: RefundsStack;
  accounts: AccountsDeps;
  /** A verified customer, signed in; with MFA unless `mfa` is false. */
  user(options?: { mfa?: boolean }): Promise<ExportUser>;
  /** GET /api/v1/users/me/export as `who`, with these step-up headers. */
  exportAs(who: ExportUser, headers?: Record<string, string>): Promise<HttpAnswer>;
  /** The audit rows of `type` about user `userId` (resource), oldest first. */
  auditOf(userId: string, type: string): Promise<AuditEvent[]>;
  close(): Promise<void>;
}

let logins = 0;

/**
 * The real app with the real session security, account routes and the privacy composition of
 * api/server.ts, over the refund stack's database (the booking saga's workers, Stripe, the
 * simulator): bookings, payments and refunds are made through their services. The export limit
 * is the shipped one (RATE_LIMIT_DEFAULTS), whatever the environment says.
 */
export async function exportStack(): Promise<ExportStack> {
  const s = await refundsStack();
  const h = s.saga;
  const prefix = uniquePrefix('privacy');
  const redis = await readyRedis(h.config.redis.url);
  const logger = createLogger({ serviceName: 'travelhub-test', log: { level: 'fatal' } });
  const config: Config = {
    ...h.config,
    sessions: { ...h.config.sessions, redisPrefix: `${prefix}sess:` },
    rateLimits: { ...h.config.rateLimits, privacyExports: { ...RATE_LIMIT_DEFAULTS.privacyExports } },
  };
  const audit = createAuditWriter(h.sequelize);
  const limiter = createRateLimiter({ redis, policies: config.rateLimits, keyPrefix: `${prefix}rl:` });
  const rateLimit = createRateLimit({ limiter, logger });
  const security = testSessionSecurity(config, { redis, sequelize: h.sequelize }, { audit, logger });
  const accounts = createAccounts({
    config,
    sequelize: h.sequelize,
    keyring: keyringOf(h.sequelize),
    redis,
    audit,
    sessions: security.sessions,
    dispatchEmail: async () => undefined,
    logger,
    keyPrefix: `${prefix}acct:`,
  });
  const app = createApp({
    config,
    logger,
    readiness: {},
    sessions: security,
    onAccessDenied: auditAccessDenials(audit),
    accounts: { accounts, rateLimit },
    privacy: composePrivacy(
      { sequelize: h.sequelize },
      { audit, accounts, sessions: security.sessions, rateLimit },
    ),
  });
  const server: Server = await listen(app, { ...config.api, host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    s,
    accounts,
    async user({ mfa = true } = {}) {
      const user = await createUser(accounts, { role: 'USER' });
      const codes = mfa ? (await enrolMfa(accounts, user)).recoveryCodes : [];
      logins += 1;
      const answer = await httpRequest(url, {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', 'x-session-mode': 'bearer', 'user-agent': 'ava' },
        body: JSON.stringify({
          email: user.email,
          password: user.password,
          ...(mfa && { recoveryCode: codes.shift() }),
        }),
        localAddress: `127.10.${Math.floor(logins / 250) % 250}.${(logins % 250) + 1}`,
      });
      if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
      return { ...user, token: answer.json.accessToken as string, codes };
    },
    exportAs: (who, headers = {}) =>
      httpRequest(url, {
        path: '/api/v1/users/me/export',
        headers: { Authorization: `Bearer ${who.token}`, ...headers },
      }),
    async auditOf(userId, type) {
      const rows = await h.sequelize.query<{ canonical: string }>(
        `SELECT canonical FROM audit_events WHERE resource_type = 'user' AND resource_id = $1
          AND event_type = $2 ORDER BY sequence`,
        { bind: [userId, type], type: QueryTypes.SELECT },
      );
      return rows.map((r) => parseAuditRecord(r.canonical));
    },
    async close() {
      await accounts.background.drain();
      await closeGracefully(server, 1_000);
      await deleteByPrefix(redis, prefix);
      redis.disconnect();
      await s.close();
    },
  };
}
