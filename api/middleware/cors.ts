import cors from '@koa/cors';
import type { AppMiddleware } from '../state';

const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ALLOWED_HEADERS = ['Content-Type', 'Authorization', 'X-CSRF-Token', 'Idempotency-Key'];
const EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'RateLimit-Policy', 'RateLimit'];
const PREFLIGHT_CACHE_SECONDS = 600;

/** One path answered with its own origins, methods and headers instead of the app-wide list. */
export interface CorsRoute {
  path: string;
  origins: readonly string[];
  methods: string[];
  headers: string[];
}

function exactOrigins(origins: readonly string[]): Set<string> {
  return new Set(origins.filter((origin) => origin !== '*' && origin !== 'null'));
}

function allowlist(origins: readonly string[], methods: string[], headers: string[]): AppMiddleware {
  const allowed = exactOrigins(origins);
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      return allowed.has(origin) ? origin : '';
    },
    credentials: true,
    allowMethods: methods,
    allowHeaders: headers,
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_CACHE_SECONDS,
    keepHeadersOnError: false,
  });
}

/**
 * SEC-WEB-02: only origins listed in config get CORS headers, each answered with its own origin
 * and credentials; any other origin gets none. `*` and `null` in the list never act as wildcards.
 * A path in `routes` (the Temporal UI's codec endpoint) uses only its own list, not the app's.
 */
export function corsAllowlist(origins: readonly string[], routes: readonly CorsRoute[] = []): AppMiddleware {
  const app = allowlist(origins, ALLOWED_METHODS, ALLOWED_HEADERS);
  const byPath = new Map(routes.map((r) => [r.path, allowlist(r.origins, r.methods, r.headers)]));
  return (ctx, next) => (byPath.get(ctx.path) ?? app)(ctx, next);
}
