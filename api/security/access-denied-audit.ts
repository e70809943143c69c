import { isIP } from 'node:net';
import type { Context } from 'koa';
import { newAuditEvent, type AuditWriter } from '../../lib/audit';
import { isActor } from '../../lib/rbac';
import type { AccessDenial, OnAccessDenied } from '../middleware/require-permission';

/** The route pattern (`/api/v1/bookings/:id`), not the concrete path with ids in it. */
function routeOf(ctx: Context): string {
  const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return typeof route === 'string' ? route : ctx.path;
}

/** SEC-LOG-03: every refusal by the permission check becomes an `authz.access_denied` event. */
export function auditAccessDenials(audit: Pick<AuditWriter, 'append'>): OnAccessDenied {
  return async (ctx: Context, denial: AccessDenial) => {
    const actor: unknown = ctx.state.actor;
    const clientIp: unknown = ctx.state.clientIp;
    await audit.append(
      newAuditEvent({
        type: 'authz.access_denied',
        actor: isActor(actor)
          ? { type: actor.role === 'PLATFORM_ADMIN' ? 'admin' : 'user', id: actor.id }
          : { type: 'anonymous', id: 'anonymous' },
        outcome: 'denied',
        originIp: typeof clientIp === 'string' && isIP(clientIp) ? clientIp : '0.0.0.0',
        resource: {
          type: 'route',
          id: `${ctx.method}:${routeOf(ctx)}`.slice(0, 128),
        },
        details: {
          permission: denial.declared ?? 'undeclared',
          method: ctx.method,
          route: routeOf(ctx).slice(0, 200),
        },
      }),
    );
  };
}
