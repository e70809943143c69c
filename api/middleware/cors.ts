import cors from '@koa/cors';
import type { AppMiddleware } from '../state';

const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ALLOWED_HEADERS = ['Content-Type', 'Authorization', 'X-CSRF-Token', 'Idempotency-Key'];
const EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'RateLimit-Policy', 'RateLimit'];
const PREFLIGHT_CACHE_SECONDS = 600;

/**
 * SEC-WEB-02: only origins listed in config get CORS headers, each answered with its own origin
 * and credentials; any other origin gets none. `*` and `null` in the list never act as wildcards.
 */
export function corsAllowlist(origins: readonly string[]): AppMiddleware {
  const allowed = new Set(origins.filter((origin) => origin !== '*' && origin !== 'null'));
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      return allowed.has(origin) ? origin : '';
    },
    credentials: true,
    allowMethods: ALLOWED_METHODS,
    allowHeaders: ALLOWED_HEADERS,
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_CACHE_SECONDS,
    keepHeadersOnError: false,
  });
}
