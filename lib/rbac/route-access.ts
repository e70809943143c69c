import { isPermission, type Permission } from './permissions';

/**
 * SEC-AUTHZ-02: what every route must declare. 'public' needs nothing, 'authenticated' needs a
 * signed-in actor of any role, a Permission needs an actor whose role holds it.
 */
export type RouteAccess = Permission | 'public' | 'authenticated';

export interface RouteAccessDeclaration {
  permission: RouteAccess;
}

export function isRouteAccess(value: unknown): value is RouteAccess {
  return value === 'public' || value === 'authenticated' || isPermission(value);
}
