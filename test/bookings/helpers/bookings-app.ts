import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../api/app';
import { listen, closeGracefully } from '../../../api/listen';
import { idempotency } from '../../../api/middleware/idempotency';
import { createRateLimit } from '../../../api/middleware/rate-limit';
import { dependencyChecks } from '../../../api/readiness/dependency-checks';
import { auditAccessDenials } from '../../../api/security/access-denied-audit';
import type { AppMiddleware } from '../../../api/state';
import { keyringOf } from '../../../db/encrypted';
import { identityModels } from '../../../db/models/identity';
import { assertStepUp, createAccounts } from '../../../services/accounts';
import { createAuditWriter } from '../../../lib/audit';
import type { Config } from '../../../lib/config';
import type { RateLimitPolicyName } from '../../../lib/config/schema';
import { createIdempotencyStore } from '../../../lib/idempotency';
import { createLogger } from '../../../lib/logger';
import { createRateLimiter } from '../../../lib/rate-limit';
import type { Role } from '../../../lib/rbac';
import { httpRequest, type HttpAnswer, type HttpRequest } from '../../helpers/http-request';
import { deleteByPrefix, readyRedis, uniquePrefix } from '../../helpers/redis-keys';
import { createUser, enrolMfa } from '../../accounts/helpers/accounts-data';
import type { SagaHarness } from './saga-harness';
import { testSessionSecurity } from '../../helpers/test-session-security';

/** A user signed in through the real login route: their bearer token goes on every request. */
export interface SignedIn {
  id: string;
  role: Role;
  companyId?: string;
  headers: { Authorization: string };
}

export interface BookingsApp {
  url: string;
  /** A request, as `as` when given (their bearer token), else anonymous. */
  send(req: HttpRequest, as?: SignedIn): Promise<HttpAnswer>;
  /** A JSON POST as `as`, with `key` as its Idempotency-Key (none when null). */
  postJson(as: SignedIn, path: string, body: unknown, key: string | null): Promise<HttpAnswer>;
  /**
   * A new verified user of `role` (a business role in `companyId`, a new company when absent),
   * signed up through the account service and signed in through `POST /api/v1/auth/login`
   * (administrators with MFA, as the login demands).
   */
  signIn(role?: Role, companyId?: string): Promise<SignedIn>;
  close(): Promise<void>;
}

/** Each login from its own loopback address, so many sign-ins stay under the per-IP login limit. */
let logins = 0;
const loginAddress = () => {
  logins += 1;
  return `127.8.${Math.floor(logins / 250) % 250}.${(logins % 250) + 1}`;
};

/**
 * The real app with the booking routes over the saga harness's services, real authentication
 * (session security, the account routes), the shared Redis under fresh key prefixes (sessions,
 * rate limits, idempotency cache, login failures) and the harness's database. `limits` narrows
 * named rate limits for a test.
 */
export async function startBookingsApp(
  h: SagaHarness,
  limits: Partial<Record<RateLimitPolicyName, number>> = {},
  refundSettings: Partial<Config['refunds']> = {},
): Promise<BookingsApp> {
  const prefix = uniquePrefix('bookings');
  const redis = await readyRedis(h.config.redis.url);
  const logger = createLogger({ serviceName: 'travelhub-test', log: { level: 'fatal' } });
  const policies = { ...h.config.rateLimits };
  for (const [name, limit] of Object.entries(limits) as [RateLimitPolicyName, number][]) {
    policies[name] = { ...policies[name], limit };
  }
  const config: Config = {
    ...h.config,
    // A cancellation answers once the saga has undone the booking: minutes on a loaded machine.
    api: { ...h.config.api, requestTimeoutMs: 300_000 },
    sessions: { ...h.config.sessions, redisPrefix: `${prefix}sess:` },
  };
  const audit = createAuditWriter(h.sequelize);
  const limiter = createRateLimiter({ redis, policies, keyPrefix: `${prefix}rl:` });
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
  const store = createIdempotencyStore({ redis, sequelize: h.sequelize, keyPrefix: `${prefix}idem:` });
  const app = createApp({
    config,
    logger,
    sessions: security,
    onAccessDenied: auditAccessDenials(audit),
    accounts: { accounts, rateLimit },
    readiness: dependencyChecks({
      sequelize: h.sequelize,
      redis,
      temporal: undefined as never,
      opensearch: undefined as never,
    }),
    bookings: {
      // Long enough that a slow machine still cancels a confirmed booking inside the window.
      bookings: h.deps({ cancelWindowSeconds: 300 }),
      rateLimit,
      idempotency: idempotency(store) as AppMiddleware,
    },
    refunds: {
      refunds: {
        sequelize: h.sequelize,
        temporal: h.client,
        queues: h.queues,
        settings: { ...config.refunds, ...refundSettings },
        audit,
        stepUp: (actor, proof, origin) => assertStepUp(accounts, actor, proof, 'refund_approval', origin),
      },
      idempotency: idempotency(store) as AppMiddleware,
    },
  });
  const server: Server = await listen(app, { ...config.api, host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const send = (req: HttpRequest, as?: SignedIn) =>
    httpRequest(url, as ? { ...req, headers: { ...req.headers, ...as.headers } } : req);
  return {
    url,
    send,
    postJson: (as, path, body, key) =>
      send(
        {
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', ...(key && { 'idempotency-key': key }) },
          body: JSON.stringify(body),
        },
        as,
      ),
    async signIn(role = 'USER', companyId) {
      const company =
        companyId ??
        (role.startsWith('BUSINESS')
          ? (await identityModels(h.sequelize).Company.create({ name: 'Acme Travel' })).id
          : undefined);
      const user = await createUser(accounts, { role, companyId: company });
      const mfa = role === 'BUSINESS_ADMIN' || role === 'PLATFORM_ADMIN';
      const recoveryCode = mfa ? (await enrolMfa(accounts, user)).recoveryCodes[0] : undefined;
      const answer = await send({
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', 'x-session-mode': 'bearer' },
        body: JSON.stringify({ email: user.email, password: user.password, ...(mfa && { recoveryCode }) }),
        localAddress: loginAddress(),
      });
      if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
      const token = answer.json.accessToken as string;
      return { id: user.id, role, companyId: company, headers: { Authorization: `Bearer ${token}` } };
    },
    async close() {
      await accounts.background.drain();
      await closeGracefully(server, 1_000);
      await deleteByPrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
