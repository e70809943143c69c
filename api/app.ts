import Router from '@koa/router';
import Koa from 'koa';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';
import { createMetrics, type Metrics } from './metrics';
import { clientErrorHandler, type ClientErrorHandler } from './middleware/client-error';
import { clientIp } from './middleware/client-ip';
import { corsAllowlist } from './middleware/cors';
import { errorHandler } from './middleware/error-handler';
import { httpMetrics } from './middleware/http-metrics';
import { installLastResort } from './middleware/last-resort';
import { anonymousLimitPlan } from './middleware/rate-limit';
import { denyUndeclaredRoutes, type OnAccessDenied } from './middleware/require-permission';
import { requestLog } from './middleware/request-log';
import { requestTimeout } from './middleware/request-timeout';
import { routeFallback } from './middleware/route-fallback';
import { securityHeaderWriter, securityHeaders } from './middleware/security-headers';
import type { ReadinessChecks } from './readiness/readiness';
import { apiRoutes, type RouteDeps } from './routes/all-routes';
import { temporalUiCors } from './routes/temporal-codec/routes';
import type { AccountsApi } from './routes/accounts/accounts-api';
import { mountRoutes } from './routing/mount';
import type { RouteDeclaration, RouteGuard } from './routing/route';
import type { SessionSecurity } from './security/session-security';
import type { AppMiddleware, AppState } from './state';

export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Dependency checks behind GET /readyz, by the name the answer reports. */
  readiness: ReadinessChecks;
  /** Defaults to a fresh registry with default process metrics. */
  metrics?: Metrics;
  /**
   * Per-route middleware run in every route before its input is read, in order, followed by the
   * route's permission check (lib/rbac requirePermission): authentication belongs here.
   */
  guards?: readonly RouteGuard[];
  /**
   * App-wide middleware run for every request (routed or not) inside the error handler and timeout,
   * before routing: e.g. the overall per-IP rate limit of SEC-RATE-01.
   */
  middleware?: readonly AppMiddleware[];
  /** Told about every refusal by the permission check, e.g. to audit "access denied" (SEC-LOG-03). */
  onAccessDenied?: OnAccessDenied;
  /** Routes mounted after the API's own: for tests' throwaway routes, not for product areas. */
  extraRoutes?: readonly RouteDeclaration[];
  /**
   * Sessions (services/sessions): its guards (authentication, then CSRF) run before `guards`, and the
   * session routes use it. Without it every non-public route answers 401.
   */
  sessions?: SessionSecurity;
  /** Account services (services/accounts) and the named rate limits their routes use. */
  accounts?: AccountsApi;
  /** Webhook receivers (services/payments for Stripe); without one its route answers 503. */
  webhooks?: RouteDeps['webhooks'];
  /** Booking services, their limits and idempotency (services/bookings). */
  bookings?: RouteDeps['bookings'];
  /** Refund requests and decisions with idempotency (services/refunds). */
  refunds?: RouteDeps['refunds'];
  /** Reviews, their moderation and limits (services/reviews). */
  reviews?: RouteDeps['reviews'];
  /** The user's own data: export and erasure (services/privacy). */
  privacy?: RouteDeps['privacy'];
  /** The Temporal UI's codec endpoint (lib/temporal/codec-service.ts). */
  temporalCodec?: RouteDeps['temporalCodec'];
  /** Hotel and flight search with its rate limit; without it the search routes answer 503. */
  search?: RouteDeps['search'];
}

export interface App extends Koa<AppState> {
  readonly router: Router<AppState>;
  /** Every mounted route's declaration, extra routes included. */
  readonly routes: readonly RouteDeclaration[];
  readonly metrics: Metrics;
  /** For the HTTP server's 'clientError' event: answers Node-level refusals in the API's format. */
  readonly onClientError: ClientErrorHandler;
}

/**
 * The HTTP API. Order matters: the client address and request id come first so every log line has
 * them; security headers and CORS are written before the error handler, which keeps them on error
 * answers; the timeout bounds everything a route does; the fallback answers 404/405.
 */
export function createApp(deps: AppDeps): App {
  const { config, logger } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const routes = [
    ...apiRoutes({
      config,
      logger,
      readiness: deps.readiness,
      metrics,
      sessions: deps.sessions,
      accounts: deps.accounts,
      webhooks: deps.webhooks,
      bookings: deps.bookings,
      refunds: deps.refunds,
      reviews: deps.reviews,
      privacy: deps.privacy,
      temporalCodec: deps.temporalCodec,
      search: deps.search,
    }),
    ...(deps.extraRoutes ?? []),
  ];
  const router = new Router<AppState>();
  // Backstop for SEC-AUTHZ-02: a route registered around mountRoutes is refused, not run.
  router.use(denyUndeclaredRoutes({ onDenied: deps.onAccessDenied }));
  mountRoutes(router, routes, {
    limits: config.api,
    guards: [...(deps.sessions?.guards ?? []), ...(deps.guards ?? [])],
    onAccessDenied: deps.onAccessDenied,
  });

  const app = new Koa<AppState>();
  const writeSecurityHeaders = securityHeaderWriter(config.api.hstsMaxAgeSeconds);
  const retryAfterSeconds = config.dependencies.retryAfterSeconds;
  installLastResort(app, logger, writeSecurityHeaders, retryAfterSeconds);
  app
    .use(clientIp(config.api.trustedProxies))
    .use(requestLog(logger))
    .use(httpMetrics(metrics.httpDuration))
    .use(securityHeaders(writeSecurityHeaders))
    .use(corsAllowlist(config.api.corsOrigins, [temporalUiCors(config)]))
    .use(errorHandler(retryAfterSeconds))
    .use(requestTimeout(config.api.requestTimeoutMs));
  for (const middleware of deps.middleware ?? []) app.use(middleware);
  app.use(router.routes()).use(routeFallback(router));
  const onClientError = clientErrorHandler(writeSecurityHeaders, logger);
  // Read by the global rate limit (countedWithGlobal): which routes' limits it can count along.
  const anonymousLimits = anonymousLimitPlan(routes);
  return Object.assign(app, { router, routes, metrics, onClientError, anonymousLimits });
}
