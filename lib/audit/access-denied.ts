import { isIP } from 'node:net';
import { AppError, NotVisibleError } from '../errors';
import type { Actor } from '../rbac';
import type { DetailValue } from './detail-fields';
import type { AuditEventInput } from './event';
import { newAuditEvent } from './new-event';
import { auditActorOf } from './person-event';
import type { AuditWriter } from './writer';

export interface AccessDeniedFacts {
  /** Who asked; anything that is not an actor (no session) is recorded as anonymous. */
  actor: unknown;
  /** The client address (SEC-VAL-09); anything that is not an IP is recorded as 0.0.0.0. */
  originIp: unknown;
  resource: { type: string; id: string };
  details: Record<string, DetailValue>;
}

/** SEC-LOG-03's `authz.access_denied`: one shape for the routes' refusals and the services'. */
export function accessDeniedEvent(facts: AccessDeniedFacts): AuditEventInput {
  const { actor } = facts;
  return newAuditEvent({
    type: 'authz.access_denied',
    actor: auditActorOf(actor),
    outcome: 'denied',
    originIp: typeof facts.originIp === 'string' && isIP(facts.originIp) ? facts.originIp : '0.0.0.0',
    resource: { type: facts.resource.type, id: facts.resource.id.slice(0, 128) },
    details: facts.details,
  });
}

/** What a service call is about, for the audit event of its refusal. */
export interface DenialScope {
  audit: Pick<AuditWriter, 'append'>;
  actor: Actor | null | undefined;
  origin: { ip: string; requestId?: string };
  /** The object asked for (a booking, a user, a company), or the service action when there is none. */
  resource: { type: string; id: string };
  /** The service operation, e.g. `bookings.cancel`. */
  action: string;
  /** Where a lost audit event is reported; the refusal stands either way. */
  log?: { error(fields: object, msg: string): void };
}

/** Why an error is a refusal worth auditing: a 403, or a 404 hiding another tenant's object. */
function denialReason(err: unknown): 'forbidden' | 'not_visible' | null {
  if (err instanceof NotVisibleError) return 'not_visible';
  if (err instanceof AppError && err.status === 403) return 'forbidden';
  return null;
}

/**
 * SEC-LOG-03 / SEC-AUTHZ-02: the one place a service's own refusal becomes an audit event. Runs
 * the service's work; a 403 it throws, or a NotVisibleError (answered as a plain 404), appends
 * `authz.access_denied` naming the actor, the origin and the resource, then is rethrown as it was,
 * so the answer does not change.
 */
export async function auditingDenials<T>(scope: DenialScope, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const reason = denialReason(err);
    if (reason) {
      const event = accessDeniedEvent({
        actor: scope.actor,
        originIp: scope.origin.ip,
        resource: scope.resource,
        details: {
          reason,
          action: scope.action,
          code: (err as AppError).code,
          ...(scope.origin.requestId && { requestId: scope.origin.requestId }),
        },
      });
      try {
        await scope.audit.append(event);
      } catch (auditErr) {
        scope.log?.error({ err: auditErr, action: scope.action }, 'could not record an access denial');
      }
    }
    throw err;
  }
}

/** What a service call is about: its action, and the object asked for when there is one. */
export interface DenialTarget {
  action: string;
  resource?: { type: string; id: string } | undefined;
}

/**
 * auditingDenials for a service area's call: the area's audit writer (and logger, where it has
 * one), the actor, the origin and the target; a call about no one object names its action as the
 * resource (`service`).
 */
export function auditingServiceDenials<T>(
  deps: { audit: DenialScope['audit']; logger?: DenialScope['log'] },
  actor: Actor,
  origin: DenialScope['origin'],
  target: DenialTarget,
  work: () => Promise<T>,
): Promise<T> {
  return auditingDenials(
    {
      audit: deps.audit,
      actor,
      origin,
      resource: target.resource ?? { type: 'service', id: target.action },
      action: target.action,
      log: deps.logger,
    },
    work,
  );
}
