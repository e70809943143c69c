import type Router from '@koa/router';
import { AppError, errors } from '../../lib/errors';
import type { AppMiddleware, AppState } from '../state';

function allowedMethods(router: Router<AppState>, path: string): string[] {
  const methods = new Set<string>();
  for (const layer of router.match(path, '').path) {
    for (const method of layer.methods) methods.add(method);
  }
  if (methods.size > 0) methods.add('OPTIONS');
  return [...methods];
}

/**
 * Answers what no route did: OPTIONS on a known path → 204 with Allow; another method on a known
 * path → 405 with Allow; anything else → 404. Both errors use SEC-ERR-01's body.
 */
export function routeFallback(router: Router<AppState>): AppMiddleware {
  return function routeFallback(ctx) {
    const allowed = allowedMethods(router, ctx.path);
    if (allowed.length === 0) throw errors.notFound();
    const allow = allowed.join(', ');
    if (ctx.method === 'OPTIONS') {
      ctx.set('Allow', allow);
      ctx.status = 204;
      return;
    }
    throw new AppError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed', undefined, { Allow: allow });
  };
}
