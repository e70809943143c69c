import type { AppMiddleware } from '../../api/state';
import { isRole } from '../../lib/rbac';

/**
 * Stands in for authentication where a test needs none: `X-Test-User` and `X-Test-Role` name the
 * actor; without a known role the request stays anonymous.
 */
export const headerActor = () =>
  (async (ctx, next) => {
    const role = ctx.get('X-Test-Role');
    if (isRole(role)) ctx.state.actor = { id: ctx.get('X-Test-User'), role };
    await next();
  }) as AppMiddleware;
