import type { AnyObjectSchema } from 'yup';
import type { RouteAccess } from '../../lib/rbac';
import type { AppContext, AppMiddleware } from '../state';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Runs once the request has passed every check in its route's chain; its input is on `ctx.state.input`. */
export type RouteHandler = (ctx: AppContext) => void | Promise<void>;

/**
 * Everything the API knows about one route, in one object: routing, documentation summary,
 * permission and input schemas. Anything not declared is refused: no `query` schema means no query
 * parameters; no `body` schema means no request body.
 */
export interface RouteDeclaration {
  readonly method: HttpMethod;
  /** @koa/router syntax, e.g. `/api/v1/bookings/:id`. */
  readonly path: string;
  readonly summary: string;
  /**
   * SEC-AUTHZ-02: `'public'`, `'authenticated'` or a permission of the RBAC policy. Required, and
   * enforced on every request by lib/rbac's requirePermission, which createApp mounts on every route.
   */
  readonly permission: RouteAccess;
  /** yup schema of the path parameters; required when the path has any (mounting fails otherwise). */
  readonly params?: AnyObjectSchema;
  /** yup schema of the query; a parameter may repeat only where its field is a `yup.array()`. */
  readonly query?: AnyObjectSchema;
  /** yup schema of the JSON body. */
  readonly body?: AnyObjectSchema;
  /**
   * Route-specific middleware run after the input is validated, before the handler: what needs the
   * parsed body, such as idempotency or a per-email rate limit.
   */
  readonly middleware?: readonly AppMiddleware[];
  readonly handler: RouteHandler;
}

/**
 * App-wide per-route middleware (authentication, CSRF, per-IP rate limits). Called once per route at
 * mount time; returns the middleware to run before any input is read, or undefined when it does not
 * apply to that route. Guards run in order, then the permission check; an error thrown by any of them
 * refuses the request (SEC-ERR-03).
 */
export type RouteGuard = (route: RouteDeclaration) => AppMiddleware | undefined;
