import test from 'ava';
import { randomBytes } from 'node:crypto';
import type { Client as OpenSearch } from '@opensearch-project/opensearch';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from '@temporalio/client';
import { createApp, type AppDeps } from '../../../api/app';
import { keyringOf } from '../../../db/encrypted';
import { lazyTemporalConnection, platformTemporalClient } from '../../../lib/clients/temporal';
import { closeGracefully, listen } from '../../../api/listen';
import { composePrivacy } from '../../../api/routes/privacy/compose-privacy';
import { composeRefunds } from '../../../api/routes/refunds/compose-refunds';
import { composeReviews } from '../../../api/routes/reviews/compose-reviews';
import { createOpenSearch } from '../../../lib/clients';
import { createSearchService } from '../../../services/search';
import type { AppMiddleware } from '../../../api/state';
import { createMigrator } from '../../../db/migrator';
import { createSequelize } from '../../../lib/clients/database';
import { createRateLimit } from '../../../api/middleware/rate-limit';
import type { RouteDeclaration } from '../../../api/routing';
import { unknownKeys } from '../../../api/routing/unknown-keys';
import { auditAccessDenials } from '../../../api/security/access-denied-audit';
import type { SessionSecurity } from '../../../api/security/session-security';
import { createAuditWriter } from '../../../lib/audit';
import { loadConfig, type Config } from '../../../lib/config';
import { createLogger } from '../../../lib/logger';
import { createRateLimiter } from '../../../lib/rate-limit';
import { httpRequest, type HttpAnswer, type HttpRequest } from '../../helpers/http-request';
import { LogCapture } from '../../helpers/log-capture';
import { accountsHarness, type AccountsHarness, type HarnessOptions } from './accounts-harness';
import { testSessionSecurity } from '../../helpers/test-session-security';

/**
 * The booking area's own composition when the booking routes are part of the API (they land in
 * their own commits), so the SEC-AUTHZ-03 matrix reaches them through their real services.
 */
function bookingsApi(config: Config, clients: object, options: object): unknown {
  let compose: ((...args: unknown[]) => { api: unknown }) | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    compose = require('../../../api/routes/bookings/compose-bookings').composeBookings;
  } catch {
    return undefined;
  }
  return compose?.(config, clients, options).api;
}

/** Statuses the document adds to every route (api/openapi): the platform's own answers. */
const PLATFORM_STATUSES = new Set([400, 401, 403, 413, 415, 429, 500, 503]);

function routeOf(routes: readonly RouteDeclaration[], method: string, path: string) {
  const bare = path.split('?')[0]!;
  return routes.find(
    (r) => r.method === method && new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(bare),
  );
}

/**
 * What schemathesis checks, on every answer these tests get: the status is documented for the
 * route, and a JSON success body satisfies its declared schema with no undeclared key.
 */
async function conforming(
  routes: readonly RouteDeclaration[],
  req: HttpRequest,
  answer: HttpAnswer,
): Promise<HttpAnswer> {
  const route = routeOf(routes, req.method ?? 'GET', req.path);
  if (!route) return answer;
  const declared = route.responses?.[answer.status];
  const where = `${route.method} ${route.path} ${answer.status}`;
  if (!declared && !PLATFORM_STATUSES.has(answer.status)) throw new Error(`${where} is not documented`);
  if (declared?.kind === 'json') {
    const unknown = unknownKeys(declared.schema, answer.json, { allowOpenObjects: true });
    if (unknown.length > 0) throw new Error(`${where}: undeclared keys ${unknown.join(', ')}`);
    await declared.schema.validate(answer.json, { strict: true }).catch((err: Error) => {
      throw new Error(`${where}: ${err.message}`);
    });
  }
  return answer;
}

export interface IdentityApp extends AccountsHarness {
  url: string;
  security: SessionSecurity;
  /** Every route the app mounted (the real router's declarations). */
  routes: readonly RouteDeclaration[];
  /** OpenSearch, and the private index prefix the app's search and review ratings use (none created here). */
  opensearch: OpenSearch;
  searchPrefix: string;
  send(req: HttpRequest): Promise<HttpAnswer>;
  /** POST JSON from `ip` (any 127/8 address: the client IP the limits count). */
  post(path: string, body: unknown, headers?: Record<string, string>, ip?: string): Promise<HttpAnswer>;
  /**
   * Bearer login; returns the access token. Each call comes from its own loopback address, so
   * a test's many sign-ins stay under the per-IP login limit (which its own test proves).
   */
  bearerLogin(email: string, password: string, extra?: Record<string, unknown>): Promise<string>;
}

/**
 * The real app (createApp) with the real session security, the real rate limits (on this file's
 * Redis prefix) and account services on a private database, listening on a free port.
 */
export function identityApp(what: string, options: HarnessOptions = {}): IdentityApp {
  const h = accountsHarness(what, { realClock: true, ...options }) as IdentityApp;
  let server: Server;
  let temporal: Connection | undefined;
  h.searchPrefix = `t${randomBytes(5).toString('hex')}`;
  test.serial.before(async () => {
    const base = loadConfig();
    const db = options.adjust ? options.adjust(h.db.config) : h.db.config;
    const config: Config = {
      ...db,
      api: { ...db.api, host: '127.0.0.1', port: 0 },
      sessions: { ...base.sessions, redisPrefix: `${h.keyPrefix}sess:` },
      accounts: h.deps.config.accounts,
    };
    const logger = createLogger({ serviceName: 'identity-test', log: { level: 'fatal' } }, new LogCapture());
    const audit = createAuditWriter(h.sequelize);
    h.security = testSessionSecurity(config, { redis: h.redis, sequelize: h.sequelize }, { audit, logger });
    h.deps.sessions = h.security.sessions;
    const limiter = createRateLimiter({
      redis: h.redis,
      policies: config.rateLimits,
      keyPrefix: `${h.keyPrefix}rl:`,
    });
    const rateLimit = createRateLimit({ limiter, logger });
    // The booking routes are object routes too (SEC-AUTHZ-03 matrix): their real services.
    temporal = lazyTemporalConnection(config);
    const keyring = keyringOf(h.sequelize); // the accounts' (createAccounts attached it)
    const bookings = bookingsApi(
      config,
      { sequelize: h.sequelize, redis: h.redis, temporal: platformTemporalClient(temporal, config, keyring) },
      { keyring, audit, logger, rateLimit },
    );
    // The refund routes are object routes too; the shared template may predate their table.
    const owner = createSequelize(config, 'owner');
    await createMigrator(owner)
      .up()
      .finally(() => owner.close());
    const refunds = composeRefunds(
      config,
      { sequelize: h.sequelize, temporal: platformTemporalClient(temporal, config, keyring) },
      {
        audit,
        accounts: h.deps,
        idempotency: (bookings as { idempotency: AppMiddleware }).idempotency,
      },
    );
    // Reviews are object routes too; their hotel ratings go to this app's own index prefix.
    h.opensearch = createOpenSearch(config);
    const search = { ...config.search, indexPrefix: h.searchPrefix };
    const reviews = composeReviews(
      { ...config, search },
      { sequelize: h.sequelize, opensearch: h.opensearch, redis: h.redis },
      { audit, rateLimit, idempotency: (bookings as { idempotency: AppMiddleware }).idempotency },
    );
    // The owner's export, with the account services' step-up, as api/server.ts composes it.
    const privacy = composePrivacy(
      { sequelize: h.sequelize },
      { audit, accounts: h.deps, sessions: h.security.sessions, rateLimit },
    );
    // A cast, not a typed literal: `bookings` is in AppDeps only once the booking area is.
    const deps = {
      bookings,
      refunds,
      reviews,
      privacy,
      search: {
        service: createSearchService({ opensearch: h.opensearch, redis: h.redis, search }),
        rateLimit,
      },
      onAccessDenied: auditAccessDenials(audit),
      config,
      logger,
      readiness: {},
      sessions: h.security,
      accounts: { accounts: h.deps, rateLimit },
    } as AppDeps;
    const app = createApp(deps);
    server = await listen(app, config.api);
    h.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h.routes = app.routes;
  });
  test.after.always(async () => {
    if (server) await closeGracefully(server, 1_000);
    await temporal?.close();
    await h.opensearch?.close();
  });
  h.send = async (req) => conforming(h.routes, req, await httpRequest(h.url, req));
  h.post = (path, body, headers = {}, ip) =>
    h.send({
      method: 'POST',
      path,
      headers: { 'Content-Type': 'application/json', 'X-Session-Mode': 'bearer', ...headers },
      body: JSON.stringify(body),
      localAddress: ip,
    });
  let logins = 0;
  h.bearerLogin = async (email, password, extra = {}) => {
    logins += 1;
    const ip = `127.9.${Math.floor(logins / 250)}.${(logins % 250) + 1}`;
    const answer = await h.post('/api/v1/auth/login', { email, password, ...extra }, {}, ip);
    if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
    return answer.json.accessToken as string;
  };
  return h;
}
