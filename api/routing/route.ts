import type { ParameterizedContext } from 'koa';
import type { AnyObjectSchema, InferType } from 'yup';
import type { Actor, RouteAccess } from '../../lib/rbac';
import type { AppMiddleware, AppState } from '../state';
import type { RouteAnswers } from './answers';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An input schema a route may declare, or none. */
export type InputSchema = AnyObjectSchema | undefined;

/** What a declared schema lets through; no schema lets nothing through. */
type Validated<S extends InputSchema> = S extends AnyObjectSchema ? InferType<S> : Record<string, never>;

/** The validated input of a route, typed from its own schemas. */
export interface TypedInput<P extends InputSchema, Q extends InputSchema, B extends InputSchema> {
  params: Validated<P>;
  query: Validated<Q>;
  body: B extends AnyObjectSchema ? InferType<B> : undefined;
}

/** Only a public route can run without an actor: requirePermission refuses any other first. */
export type ActorFor<A extends RouteAccess> = 'public' extends A ? Actor | undefined : Actor;

/**
 * The context a handler gets: `ctx.state.input` is already validated and typed by the route's
 * schemas, and `ctx.state.actor` is present on every route that is not public.
 */
export type RouteContext<
  P extends InputSchema = InputSchema,
  Q extends InputSchema = InputSchema,
  B extends InputSchema = InputSchema,
  Ac extends Actor | undefined = Actor | undefined,
> = ParameterizedContext<Omit<AppState, 'input' | 'actor'> & { input: TypedInput<P, Q, B>; actor: Ac }>;

/** Runs once the request has passed every check in its route's chain. */
export type RouteHandler<
  P extends InputSchema = InputSchema,
  Q extends InputSchema = InputSchema,
  B extends InputSchema = InputSchema,
  Ac extends Actor | undefined = Actor | undefined,
> = (ctx: RouteContext<P, Q, B, Ac>) => void | Promise<void>;

/**
 * Everything the API knows about one route, in one object: routing, documentation, permission,
 * input schemas and answers. Anything not declared is refused: no `query` schema means no query
 * parameters; no `body` schema means no request body. Write them with `defineRoute` (define-route.ts),
 * which infers the schema types so the handler reads its input typed.
 */
export interface RouteDeclaration<
  P extends InputSchema = InputSchema,
  Q extends InputSchema = InputSchema,
  B extends InputSchema = InputSchema,
  Ac extends Actor | undefined = Actor | undefined,
> {
  readonly method: HttpMethod;
  /** @koa/router syntax, e.g. `/api/v1/bookings/:id`. */
  readonly path: string;
  /** One line, shown in the docs' operation list. */
  readonly summary: string;
  /** Longer prose for the docs (markdown). */
  readonly description?: string;
  /** The area the route belongs to, as its docs group (e.g. 'system', 'bookings'). */
  readonly tag?: string;
  /**
   * SEC-AUTHZ-02: `'public'`, `'authenticated'` or a permission of the RBAC policy. Required, and
   * enforced on every request by lib/rbac's requirePermission, which createApp mounts on every route.
   */
  readonly permission: RouteAccess;
  /** yup schema of the path parameters; required when the path has any (mounting fails otherwise). */
  readonly params?: P;
  /**
   * yup schema of the query; a parameter may repeat only where its field is a `yup.array()`. Its
   * answer must depend on the query string alone (no clock, no I/O: checks of time belong in the
   * handler), as validateInput remembers the query strings that passed.
   */
  readonly query?: Q;
  /**
   * Request headers the route's own middleware reads and checks (e.g. `Idempotency-Key`), as a yup
   * object schema: documentation only, shown as header parameters in the OpenAPI document.
   */
  readonly headers?: AnyObjectSchema;
  /** yup schema of the JSON body. Unknown keys are refused at every depth (SEC-VAL-01). */
  readonly body?: B;
  /**
   * Instead of `body`: the body as bytes, unparsed, on `ctx.state.rawBody` (within the API's body
   * limit, of this media type), for signatures over exactly what was sent (Stripe webhooks, SEC-PAY-03).
   */
  readonly rawBody?: { readonly mediaType: string };
  /**
   * The answers the route gives, by status: success bodies with their schema and example, and the
   * errors particular to it. The errors every route can give (400, 429, 500, 503; 401/403 when not
   * public; 413/415 with a body) are added by the OpenAPI document. Required by `defineRoute` and by
   * the document; only tests' throwaway routes go without.
   */
  readonly responses?: RouteAnswers;
  /**
   * OpenAPI links, by status of this route's answer: the routes that take a value of that answer
   * (or of this request), e.g. the id of what it created. Clients and the fuzzer's stateful phase
   * follow them; the document refuses a link to a route that is not declared.
   */
  readonly links?: Readonly<Record<number, Readonly<Record<string, RouteLink>>>>;
  /**
   * Route-specific middleware run after the input is validated, before the handler: what needs the
   * parsed body, such as idempotency or a per-email rate limit.
   */
  readonly middleware?: readonly AppMiddleware[];
  // Method syntax on purpose: lets typed declarations share one `RouteDeclaration[]` list.
  handler(ctx: RouteContext<P, Q, B, Ac>): void | Promise<void>;
}

/**
 * One OpenAPI link: the target route and, per path parameter of it, an OpenAPI runtime expression
 * such as `$response.body#/id` or `$request.body#/adminUserId`.
 */
export interface RouteLink {
  readonly method: HttpMethod;
  readonly path: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly description?: string;
}

/**
 * App-wide per-route middleware (authentication, CSRF, per-IP rate limits). Called once per route at
 * mount time; returns the middleware to run before any input is read, or undefined when it does not
 * apply to that route. Guards run in order, then the permission check; an error thrown by any of them
 * refuses the request (SEC-ERR-03).
 */
export type RouteGuard = (route: RouteDeclaration) => AppMiddleware | undefined;
