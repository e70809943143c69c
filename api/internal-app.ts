import Router from '@koa/router';
import Koa from 'koa';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';
import type { Metrics } from './metrics';
import { clientErrorHandler, type ClientErrorHandler } from './middleware/client-error';
import { clientIp } from './middleware/client-ip';
import { errorHandler } from './middleware/error-handler';
import { installLastResort } from './middleware/last-resort';
import { denyUndeclaredRoutes } from './middleware/require-permission';
import { requestLog } from './middleware/request-log';
import { routeFallback } from './middleware/route-fallback';
import { securityHeaderWriter, securityHeaders } from './middleware/security-headers';
import { metricsRoute } from './routes/system/metrics';
import { mountRoutes } from './routing/mount';
import type { AppState } from './state';

export interface InternalAppDeps {
  config: Config;
  logger: Logger;
  /** The API app's registry, so the scrape sees the API's request durations. */
  metrics: Metrics;
}

export interface InternalApp extends Koa<AppState> {
  readonly router: Router<AppState>;
  readonly onClientError: ClientErrorHandler;
}

/**
 * The internal listener's app (config.api.metricsHost/metricsPort, loopback by default): only
 * GET /metrics, so process and route details never face the internet on the API's port. Same
 * error format, headers and deny-by-default routing as the API.
 */
export function createInternalApp({ config, logger, metrics }: InternalAppDeps): InternalApp {
  const router = new Router<AppState>();
  router.use(denyUndeclaredRoutes());
  mountRoutes(router, [metricsRoute(metrics.registry)], { limits: config.api, guards: [] });
  const app = new Koa<AppState>();
  const writeSecurityHeaders = securityHeaderWriter(config.api.hstsMaxAgeSeconds);
  installLastResort(app, logger, writeSecurityHeaders);
  app
    .use(clientIp(config.api.trustedProxies))
    .use(requestLog(logger))
    .use(securityHeaders(writeSecurityHeaders))
    .use(errorHandler())
    .use(router.routes())
    .use(routeFallback(router));
  return Object.assign(app, { router, onClientError: clientErrorHandler(writeSecurityHeaders, logger) });
}
