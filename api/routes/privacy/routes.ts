import type { RouteDeclaration } from '../../routing';
import type { RouteDeps } from '../deps';
import { erasureRoutes } from './erasure-routes';
import { exportRoutes } from './export-routes';

/**
 * The privacy area's routes (SEC-PRIV-*): each part contributes its own list, one line here
 * (export-routes.ts: SEC-PRIV-01; erasure-routes.ts: SEC-PRIV-02).
 */
export function privacyRoutes(deps: RouteDeps): RouteDeclaration[] {
  return [...exportRoutes(deps), ...erasureRoutes(deps)];
}
