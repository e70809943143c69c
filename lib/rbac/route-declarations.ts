import { isRouteAccess, type RouteAccess } from './route-access';

/**
 * The tag requirePermission puts on the middleware it returns, so the route table can be
 * checked from the router itself: a route is declared only if its own middleware stack
 * enforces a valid RouteAccess, not merely if some table says so.
 */
export const ROUTE_ACCESS: unique symbol = Symbol.for('travelhub.routeAccess');

/** The parts of a @koa/router Layer and Router this module reads. */
export interface RouteLayerLike {
  path: string | RegExp;
  methods: string[];
  stack: unknown[];
}

export interface RouterLike {
  stack: RouteLayerLike[];
}

export function declaredAccessOf(layer: RouteLayerLike): RouteAccess | undefined {
  for (const fn of layer.stack) {
    if (typeof fn !== 'function') continue;
    const access: unknown = (fn as unknown as Record<symbol, unknown>)[ROUTE_ACCESS];
    if (isRouteAccess(access)) return access;
  }
  return undefined;
}

function isEndpoint(layer: RouteLayerLike): boolean {
  return layer.methods.length > 0;
}

export function describeRoute(layer: RouteLayerLike): string {
  const methods = layer.methods.filter((m) => m !== 'HEAD');
  return `${(methods.length > 0 ? methods : layer.methods).join(',')} ${String(layer.path)}`;
}

/** Every endpoint of the router (nested routers are flattened into it by @koa/router). */
export function endpointsOf(router: RouterLike): RouteLayerLike[] {
  return router.stack.filter(isEndpoint);
}

/** Endpoints whose middleware stack does not enforce a declared RouteAccess. */
export function undeclaredRoutes(router: RouterLike): string[] {
  return endpointsOf(router)
    .filter((layer) => declaredAccessOf(layer) === undefined)
    .map(describeRoute);
}

/** The routers mounted on a Koa app with `app.use(router.routes())`. */
export function routersOf(app: { middleware: readonly unknown[] }): RouterLike[] {
  const routers: RouterLike[] = [];
  for (const fn of app.middleware) {
    const router: unknown = typeof fn === 'function' ? (fn as { router?: unknown }).router : undefined;
    if (router && Array.isArray((router as RouterLike).stack)) routers.push(router as RouterLike);
  }
  return routers;
}
