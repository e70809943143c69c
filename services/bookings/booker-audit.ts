import { newAuditEvent, type AuditEventInput } from '../../lib/audit';
import type { Actor } from '../../lib/rbac';
import type { BookingOrigin, BookingsDeps } from './deps';

type BookerEvent = Pick<AuditEventInput, 'type' | 'outcome' | 'resource'> & {
  details: NonNullable<AuditEventInput['details']>;
};

/** Appends an event of the booking API: the booker as actor, the request's address and id. */
export async function auditBooker(
  deps: Pick<BookingsDeps, 'audit'>,
  actor: Actor,
  origin: BookingOrigin,
  event: BookerEvent,
): Promise<void> {
  await deps.audit.append(
    newAuditEvent({
      ...event,
      actor: { type: 'user', id: actor.id },
      originIp: origin.ip,
      details: { ...event.details, ...(origin.requestId && { requestId: origin.requestId }) },
    }),
  );
}
