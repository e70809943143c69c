import type { Context } from 'koa';
import { accessDeniedEvent, type AuditWriter } from '../../lib/audit';
import type { AccessDenial, OnAccessDenied } from '../middleware/require-permission';

/** The route pattern (`/api/v1/bookings/:id`), not the concrete path with ids in it. */
function routeOf(ctx: Context): string {
  const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return typeof route === 'string' ? route : ctx.path;
}

/**
 * SEC-LOG-03: every refusal by the permission check becomes an `authz.access_denied` event (the
 * services' own refusals go through lib/audit/access-denied.ts, the same event).
 */
export function auditAccessDenials(audit: Pick<AuditWriter, 'append'>): OnAccessDenied {
  return async (ctx: Context, denial: AccessDenial) => {
    await audit.append(
      accessDeniedEvent({
        actor: ctx.state.actor,
        originIp: ctx.state.clientIp,
        resource: { type: 'route', id: `${ctx.method}:${routeOf(ctx)}` },
        details: {
          permission: denial.declared ?? 'undeclared',
          method: ctx.method,
          route: routeOf(ctx).slice(0, 200),
        },
      }),
    );
  };
}
