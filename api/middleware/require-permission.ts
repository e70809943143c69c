import type { Context, Middleware, Next } from 'koa';
import { errors } from '../../lib/errors';
import {
  ROUTE_ACCESS,
  decideAccess,
  declaredAccessOf,
  type AccessVerdict,
  type RouteAccess,
  type RouteLayerLike,
} from '../../lib/rbac';

export interface AccessDenial {
  verdict: Exclude<AccessVerdict, 'allow'>;
  /** What the route declared; undefined when it declared nothing usable. */
  declared: RouteAccess | undefined;
}

/** Called on every refusal (audit "access denied", SEC-LOG-03). Its failures never let a request through. */
export type OnAccessDenied = (ctx: Context, denial: AccessDenial) => void | Promise<void>;

export interface RequirePermissionOptions {
  onDenied?: OnAccessDenied;
}

function readDeclared(decl: unknown): unknown {
  try {
    return typeof decl === 'object' && decl !== null
      ? (decl as { permission?: unknown }).permission
      : undefined;
  } catch {
    return undefined;
  }
}

function verdictFor(declared: unknown, ctx: Context): AccessVerdict {
  try {
    return decideAccess(declared, ctx.state?.actor);
  } catch {
    return 'denied'; // SEC-ERR-03: an error inside the check refuses the request
  }
}

async function refuse(
  ctx: Context,
  denial: AccessDenial,
  onDenied: OnAccessDenied | undefined,
): Promise<never> {
  try {
    await onDenied?.(ctx, denial);
  } catch (err) {
    // The refusal stands whatever the reporter does; a lost audit event must still leave a trace.
    try {
      (ctx.state as { log?: { error(fields: object, msg: string): void } }).log?.error(
        { err, verdict: denial.verdict },
        'could not record an access denial',
      );
    } catch {
      // Logging failed too: the request is refused all the same.
    }
  }
  throw denial.verdict === 'authentication_required'
    ? errors.authenticationRequired()
    : errors.accessDenied();
}

/**
 * SEC-AUTHZ-02: the per-route guard. `decl` is the route declaration; no declaration, or one
 * whose `permission` is not a known RouteAccess, refuses every request (deny by default).
 * The returned middleware carries the declaration under ROUTE_ACCESS so the router walk can
 * prove every route is guarded.
 */
export function requirePermission(decl: unknown, options: RequirePermissionOptions = {}): Middleware {
  const declared = readDeclared(decl);
  const guard = async (ctx: Context, next: Next) => {
    const verdict = verdictFor(declared, ctx);
    if (verdict !== 'allow') {
      await refuse(
        ctx,
        { verdict, declared: verdict === 'undeclared' ? undefined : (declared as RouteAccess) },
        options.onDenied,
      );
    }
    await next();
  };
  return Object.assign(guard, { [ROUTE_ACCESS]: declared });
}

interface MatchedContext {
  matched?: RouteLayerLike[];
  method: string;
}

/**
 * Router-level backstop (`router.use(denyUndeclaredRoutes())` before the routes): a route
 * registered without requirePermission is refused at request time instead of running.
 */
export function denyUndeclaredRoutes(options: RequirePermissionOptions = {}): Middleware {
  return async (ctx: Context, next: Next) => {
    let undeclared: boolean;
    try {
      const { matched = [], method } = ctx as unknown as MatchedContext;
      const endpoints = matched.filter((layer) => layer.methods.includes(method));
      undeclared = endpoints.some((layer) => declaredAccessOf(layer) === undefined);
    } catch {
      undeclared = true;
    }
    if (undeclared) await refuse(ctx, { verdict: 'undeclared', declared: undefined }, options.onDenied);
    await next();
  };
}
