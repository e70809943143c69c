import type { Context, Middleware, Next } from 'koa';
import type { RateLimitPolicyName } from '../../lib/config/schema';
import { errors } from '../../lib/errors';
import { isActor } from '../../lib/rbac';
import type { AuditWriter } from '../../lib/audit';
import {
  enforceRateLimit,
  rateLimitAuditEvent,
  type LimiterLogger,
  type RateLimitHit,
  type RateLimiter,
} from '../../lib/rate-limit';

/** Names what a limit counts per: returns `<kind>:<value>`, e.g. `ip:203.0.113.7`. */
export type RateLimitSubject = (ctx: Context) => string;

/** The client address as SEC-VAL-09 decides it (ctx.state.clientIp); Koa's own with app.proxy off. */
export const byIp: RateLimitSubject = (ctx) => {
  const clientIp: unknown = ctx.state.clientIp;
  return `ip:${typeof clientIp === 'string' && clientIp !== '' ? clientIp : ctx.ip}`;
};

/** The signed-in user, or the address for anonymous requests (search: per user, per IP when anonymous). */
export const byUserOrIp: RateLimitSubject = (ctx) => {
  const actor: unknown = ctx.state.actor;
  return isActor(actor) ? `user:${actor.id}` : byIp(ctx);
};

/** Marks a route limit counted per user, or per IP when anonymous (see countedWithGlobal). */
const PER_USER_OR_IP = Symbol('rate limit per user or IP');

/**
 * A body field such as the reset email, normalised so case and spacing cannot multiply the
 * budget. A missing or non-string field shares one bucket rather than skipping the limit.
 * Only after the body is parsed (ctx.request.body).
 */
export function byBodyField(field: string): RateLimitSubject {
  return (ctx) => {
    const body: unknown = (ctx.request as { body?: unknown }).body;
    const value =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
    const normalised = typeof value === 'string' ? value.normalize('NFKC').trim().toLowerCase() : '';
    return `${field}:${normalised}`;
  };
}

/** Wire to the audit log (`rate_limit.hit`); the context gives actor, client IP and request id. */
export type OnLimitExceeded = (ctx: Context, hit: RateLimitHit) => void | Promise<void>;

/** The onLimitExceeded that writes `rate_limit.hit` to the audit log. */
export function auditLimitHits(audit: Pick<AuditWriter, 'append'>): OnLimitExceeded {
  return async (ctx, hit) => {
    const clientIp: unknown = ctx.state.clientIp;
    const requestId: unknown = ctx.state.requestId;
    await audit.append(
      rateLimitAuditEvent(hit, {
        actor: ctx.state.actor,
        clientIp: typeof clientIp === 'string' ? clientIp : ctx.ip,
        requestId: typeof requestId === 'string' ? requestId : undefined,
      }),
    );
  };
}

export interface RateLimitDeps {
  limiter: RateLimiter;
  onLimitExceeded?: OnLimitExceeded;
  logger?: LimiterLogger;
}

/**
 * SEC-RATE-01/02: `const rateLimit = createRateLimit(deps)`, then `rateLimit(policyName, subject)`
 * on a route, or `rateLimit([a, b], subject)` for a request that counts against several limits
 * of one subject (all or none, one round trip). Over the limit → 429 with Retry-After and RateLimit headers, audited once per
 * subject and window; Redis down on a fail-closed policy, or any error in the check → 503.
 */
export function createRateLimit(deps: RateLimitDeps) {
  return function rateLimit(
    policyNames: RateLimitPolicyName | readonly RateLimitPolicyName[],
    subjectOf: RateLimitSubject,
  ): Middleware {
    const names = typeof policyNames === 'string' ? [policyNames] : policyNames;
    for (const name of names)
      if (!deps.limiter.policies[name]) throw new Error(`unknown rate-limit policy ${name}`);

    const guard = async function rateLimitGuard(ctx: Context, next: Next) {
      // Counted already, per IP with the global limit (countedWithGlobal): an anonymous request's
      // user-or-IP subject is that same IP.
      const early: unknown = ctx.state.limitsCountedEarly;
      if (early instanceof Set && !isActor(ctx.state.actor) && names.every((name) => early.has(name))) {
        return next();
      }
      let subject: string;
      try {
        subject = subjectOf(ctx);
      } catch {
        throw errors.unavailable(); // SEC-ERR-03: a broken check refuses
      }
      const { headers } = await enforceRateLimit(deps.limiter, policyNames, subject, {
        logger: deps.logger,
        onLimitExceeded: deps.onLimitExceeded && ((hit) => deps.onLimitExceeded?.(ctx, hit)),
      });
      ctx.set(headers);
      await next();
    };
    return subjectOf === byUserOrIp ? Object.assign(guard, { [PER_USER_OR_IP]: names }) : guard;
  };
}

/**
 * Routes whose own limits count per user, or per IP when anonymous (`byUserOrIp`), keyed
 * `METHOD /path`: createApp sets it on the app from the route declarations (anonymousLimitPlan).
 */
export type AnonymousLimitPlan = ReadonlyMap<string, readonly RateLimitPolicyName[]>;

/** The plan of these routes: each one's `byUserOrIp` limits, found on its middleware. */
export function anonymousLimitPlan(
  routes: readonly { method: string; path: string; middleware?: readonly object[] }[],
): AnonymousLimitPlan {
  const plan = new Map<string, RateLimitPolicyName[]>();
  for (const route of routes) {
    const names = (route.middleware ?? []).flatMap(
      (m) => (m as { [PER_USER_OR_IP]?: readonly RateLimitPolicyName[] })[PER_USER_OR_IP] ?? [],
    );
    if (names.length > 0 && !route.path.includes(':')) plan.set(`${route.method} ${route.path}`, names);
  }
  return plan;
}

/** A request that carries no credentials cannot be signed in: its actor will be anonymous. */
function carriesNoCredentials(ctx: Context): boolean {
  return ctx.get('Authorization') === '' && ctx.get('Cookie') === '';
}

/**
 * The global per-IP limit (SEC-RATE-01), app-wide, before routing. For a request without
 * credentials to a route of the plan, the route's own limits are counted in the same Redis call
 * (same subject, all or none), and the route's limit middleware then lets it through without a
 * second call: one round trip fewer for every anonymous search. Everything else counts the
 * global limit alone here and the route's limits in the route, as before.
 */
export function countedWithGlobal(deps: RateLimitDeps, global: RateLimitPolicyName): Middleware {
  const alone = createRateLimit(deps)(global, byIp);
  return async function globalRateLimit(ctx: Context, next: Next) {
    const plan = (ctx.app as { anonymousLimits?: AnonymousLimitPlan }).anonymousLimits;
    const along = carriesNoCredentials(ctx) ? plan?.get(`${ctx.method} ${ctx.path}`) : undefined;
    if (!along) return alone(ctx, next);
    const { headers } = await enforceRateLimit(deps.limiter, [global, ...along], byIp(ctx), {
      logger: deps.logger,
      onLimitExceeded: deps.onLimitExceeded && ((hit) => deps.onLimitExceeded?.(ctx, hit)),
    });
    ctx.set(headers);
    ctx.state.limitsCountedEarly = new Set(along);
    await next();
  };
}
