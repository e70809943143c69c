import type { RouteDeclaration } from '../../routing';
import type { RouteDeps } from '../deps';
import { exportRoutes } from './export-routes';

/**
 * The privacy area's routes (SEC-PRIV-*): each part contributes its own list, one line here
 * (export-routes.ts: SEC-PRIV-01; account erasure adds its own file's list).
 */
export function privacyRoutes(deps: RouteDeps): RouteDeclaration[] {
  return [...exportRoutes(deps)];
}
