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
    for (const name of typeof policyNames === 'string' ? [policyNames] : policyNames)
      if (!deps.limiter.policies[name]) throw new Error(`unknown rate-limit policy ${name}`);

    return async function rateLimitGuard(ctx: Context, next: Next) {
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
  };
}
