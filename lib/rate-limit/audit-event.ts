import { isIP } from 'node:net';
import { newAuditEvent, type AuditEventInput } from '../audit';
import { isActor } from '../rbac';
import type { RateLimitHit } from './hit-event';

export interface HitOrigin {
  /** ctx.state.actor: anything; only a well-formed Actor is named. */
  actor?: unknown;
  clientIp: string;
  requestId?: string;
}

const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/**
 * The `rate_limit.hit` audit event (SEC-RATE-01, SEC-LOG-03) for a refusal: who (actor or
 * anonymous), from where, which limit; the subject is named only by its hash.
 */
export function rateLimitAuditEvent(hit: RateLimitHit, origin: HitOrigin): AuditEventInput {
  const actor = isActor(origin.actor)
    ? {
        type: origin.actor.role === 'PLATFORM_ADMIN' ? ('admin' as const) : ('user' as const),
        id: origin.actor.id,
      }
    : { type: 'anonymous' as const, id: 'anonymous' };
  const details: Record<string, string | number> = {
    limit: hit.policy,
    retryAfterSeconds: hit.retryAfterSeconds,
  };
  if (origin.requestId && REQUEST_ID.test(origin.requestId)) details.requestId = origin.requestId;
  return newAuditEvent({
    type: 'rate_limit.hit',
    actor,
    outcome: 'denied',
    originIp: isIP(origin.clientIp) ? origin.clientIp : '0.0.0.0',
    resource: { type: 'rate_limit_subject', id: `${hit.subjectKind}:${hit.subjectHash}` },
    details,
  });
}
