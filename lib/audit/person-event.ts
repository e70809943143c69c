import { isActor } from '../rbac';
import type { AuditEvent, AuditEventInput } from './event';
import { newAuditEvent } from './new-event';

/** Who an audit row names for an actor: a platform admin as `admin`, anyone else signed in as `user`. */
export function auditActorOf(actor: unknown): AuditEvent['actor'] {
  if (!isActor(actor)) return { type: 'anonymous', id: 'anonymous' };
  return { type: actor.role === 'PLATFORM_ADMIN' ? 'admin' : 'user', id: actor.id };
}

/** What a person did, as the service that did it knows it. */
export type PersonAct = Pick<AuditEventInput, 'type' | 'outcome' | 'resource'> & {
  details: NonNullable<AuditEventInput['details']>;
};

/**
 * An event of an act a person asked for through the API (SEC-LOG-03): the person as actor, the
 * request's address as origin, and its request id among the details, so the log line is found.
 */
export function personEvent(
  actor: unknown,
  origin: { ip: string; requestId?: string },
  act: PersonAct,
): AuditEventInput {
  return newAuditEvent({
    ...act,
    actor: auditActorOf(actor),
    originIp: origin.ip,
    details: { ...act.details, ...(origin.requestId && { requestId: origin.requestId }) },
  });
}
