import type { Middleware, ParameterizedContext } from 'koa';
import type { CanonicalIdempotencyKey } from '../lib/idempotency';
import type { Logger } from '../lib/logger';
import type { Actor } from '../lib/rbac';
import type { RouteDeclaration } from './routing/route';

/** What the middleware chain learns about a request, roughly in the order it learns it. */
export interface AppState {
  /** The socket peer, or X-Forwarded-For's client when the peer is a trusted proxy (SEC-VAL-09). */
  clientIp: string;
  requestId: string;
  /** Child logger carrying request_id, ip and user_agent (SEC-LOG-01). */
  log: Logger;
  /** Aborted when the request times out or the client goes away: hand it to outbound calls. */
  signal: AbortSignal;
  /** The matched route's declaration; absent for 404/405 answers. */
  route?: RouteDeclaration;
  /** Who is acting; set by authentication (lib/rbac). */
  actor?: Actor;
  /**
   * The request's Idempotency-Key, parsed once and canonical (a lower-case UUID); set by the
   * idempotency middleware on the routes that declare it (SEC-IDEM-01). Read it here, not the header.
   */
  idempotencyKey?: CanonicalIdempotencyKey;
  /** Set by handlers that start or signal a workflow, so the request log line names it. */
  workflowId?: string;
  /** Set by the error handler, so the request log line carries the answer's error. */
  error?: { code: string; id: string };
  /** The route's validated path parameters, query parameters and body. */
  input?: RouteInput;
  /** The unparsed body of a route that declares `rawBody` (routing/route.ts). */
  rawBody?: Buffer;
}

export interface RouteInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

export type AppContext = ParameterizedContext<AppState>;
export type AppMiddleware = Middleware<AppState>;

declare module 'koa' {
  interface Request {
    /** The parsed JSON body, set by the body reader only after every limit check passed. */
    body?: unknown;
  }
}
