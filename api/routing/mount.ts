import type Router from '@koa/router';
import compose from 'koa-compose';
import type { Layer } from '@koa/router';
import { ROUTE_ACCESS } from '../../lib/rbac';
import { requirePermission, type OnAccessDenied } from '../middleware/require-permission';
import { refuseCardData } from '../middleware/card-data';
import { jsonBody, noBody, rawBody, type BodyLimits } from '../middleware/json-body';
import { refuseQueryPollution } from '../middleware/query-pollution';
import { validateInput } from '../middleware/validate-input';
import type { AppMiddleware, AppState } from '../state';
import type { RouteContext, RouteDeclaration, RouteGuard } from './route';

const declarations = new WeakMap<object, RouteDeclaration>();
/** `:name` and `*splat` in @koa/router (path-to-regexp 8) paths. */
const PATH_PARAMETER = /[:*]/;

/** The declaration a router layer was mounted from, for tests and tools that walk the router. */
export function declarationOf(layer: Layer<AppState>): RouteDeclaration | undefined {
  return declarations.get(layer);
}

function enterRoute(route: RouteDeclaration): AppMiddleware {
  return function enterRoute(ctx, next) {
    ctx.state.route = route;
    return next();
  };
}

function runHandler(route: RouteDeclaration): AppMiddleware {
  return async function runHandler(ctx) {
    // validateInput, earlier in the same chain, has set ctx.state.input from the route's own schemas.
    await route.handler(ctx as unknown as RouteContext);
    // Koa would answer a handler that set nothing with a plain-text 404; that is a bug, not a 404.
    if (ctx.body === undefined && ctx.status === 404) {
      throw new Error(`route ${route.method} ${route.path} set no response`);
    }
  };
}

export interface MountOptions {
  limits: BodyLimits;
  guards: readonly RouteGuard[];
  onAccessDenied?: OnAccessDenied;
}

/**
 * The chain every route runs, in order: guards (authentication, rate limits) and the permission
 * check before any input is read; then the body, card data, query pollution and schema checks; then
 * the route's own middleware and its handler.
 */
function routeChain(route: RouteDeclaration, options: MountOptions): AppMiddleware[] {
  const guarding = options.guards
    .map((guard) => guard(route))
    .filter((m): m is AppMiddleware => m !== undefined);
  return [
    enterRoute(route),
    ...guarding,
    requirePermission(route, { onDenied: options.onAccessDenied }),
    route.rawBody
      ? rawBody(options.limits, route.rawBody.mediaType)
      : route.body
        ? jsonBody(options.limits)
        : noBody(),
    refuseCardData(),
    refuseQueryPollution(route.query),
    validateInput(route),
    ...(route.middleware ?? []),
    runHandler(route),
  ];
}

export function mountRoutes(
  router: Router<AppState>,
  routes: readonly RouteDeclaration[],
  options: MountOptions,
): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`route declared twice: ${key}`);
    seen.add(key);
    if (route.body && route.rawBody) throw new Error(`route ${key} declares both body and rawBody`);
    if (PATH_PARAMETER.test(route.path) && !route.params) {
      throw new Error(`route ${key} has path parameters but no params schema (SEC-VAL-01)`);
    }
    // One composed function per route: @koa/router flattens and composes a layer's stack again on
    // every request, which for a chain of ten cost about 5% of a cached search's CPU.
    // The composed chain carries the permission declaration, so the router walk and the
    // undeclared-route backstop still find it on the layer (lib/rbac route-declarations).
    const chain = routeChain(route, options);
    const permission = chain.find((m) => ROUTE_ACCESS in m) as Record<symbol, unknown> | undefined;
    const composed = Object.assign(compose(chain) as AppMiddleware, {
      ...(permission && { [ROUTE_ACCESS]: permission[ROUTE_ACCESS] }),
    });
    const layer = router.register(route.path, [route.method], [composed], { name: key });
    declarations.set(layer, route);
  }
}
