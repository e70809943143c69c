import type { RouteDeclaration } from '../../routing';
import { adminSessionRoutes } from './admin-sessions';
import { csrfTokenRoute } from './csrf-token';
import { logoutRoute } from './logout';
import { refreshRoute } from './refresh';
import type { RouteDeps } from '../deps';
import { mySessionRoutes } from './my-sessions';

/** Sessions, tokens and CSRF (SEC-SESS-01..05, SEC-WEB-01): the auth routes that are not login. */
export function sessionRoutes(deps: Pick<RouteDeps, 'sessions'>): RouteDeclaration[] {
  const security = deps.sessions;
  return [
    csrfTokenRoute(security),
    refreshRoute(security),
    logoutRoute(security),
    ...mySessionRoutes(security),
    ...adminSessionRoutes(security),
  ] as RouteDeclaration[];
}
