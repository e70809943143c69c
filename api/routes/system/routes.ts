import type { RouteDeclaration } from '../../routing';
import type { RouteDeps } from '../deps';
import { openApiRoute } from './docs';
import { docsAssetRoutes } from './docs-assets';
import { docsPageRoute } from './docs-viewer';
import { livenessRoute, readinessRoute } from './health';

/** Probes and the API's own description. /metrics is not here: it has a listener of its own. */
export function systemRoutes(deps: RouteDeps): RouteDeclaration[] {
  return [
    livenessRoute,
    readinessRoute(deps.readiness, deps.config.outboundTimeoutMs, deps.logger),
    openApiRoute(deps.openApi),
    docsPageRoute,
    ...docsAssetRoutes(),
  ];
}
