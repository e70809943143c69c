import type { Config } from '../../lib/config';
import type { Logger } from '../../lib/logger';
import type { Metrics } from '../metrics';
import { openApiDocument } from '../openapi/document';
import type { ReadinessChecks } from '../readiness/readiness';
import type { RouteDeclaration } from '../routing/route';
import { docsPageRoute, openApiRoute } from './docs';
import { livenessRoute, readinessRoute } from './health';
import { metricsRoute } from './metrics';

export interface RouteDeps {
  config: Config;
  logger: Logger;
  readiness: ReadinessChecks;
  metrics: Metrics;
}

/**
 * Every route of the API, in one list: a new area adds its declarations here (and its operations to
 * api/openapi/document.ts, which test/api/openapi.test.ts holds equal to this list).
 */
export function apiRoutes(deps: RouteDeps): RouteDeclaration[] {
  const document = openApiDocument(deps.config.api.publicUrl);
  return [
    livenessRoute,
    readinessRoute(deps.readiness, deps.config.outboundTimeoutMs, deps.logger),
    metricsRoute(deps.metrics.registry),
    openApiRoute(document),
    docsPageRoute(document),
  ];
}
