import { newAuditEvent, type AuditEventInput } from '../../lib/audit';
import type { Actor } from '../../lib/rbac';
import type { RefundOrigin, RefundsDeps } from './deps';

type RefundEvent = Pick<AuditEventInput, 'type' | 'outcome' | 'resource'> & {
  details: NonNullable<AuditEventInput['details']>;
};

/**
 * A person's act on a refund (SEC-LOG-03): the request, an approval, a denial, or the refusal of
 * one (outcome `denied`), with the person as actor and the request's address. The resource is the
 * refund, or the booking when a request was refused before a refund existed.
 */
export async function auditRefundAct(
  deps: Pick<RefundsDeps, 'audit'>,
  actor: Actor,
  origin: RefundOrigin,
  event: RefundEvent,
): Promise<void> {
  await deps.audit.append(
    newAuditEvent({
      type: event.type,
      outcome: event.outcome,
      actor: { type: actor.role === 'PLATFORM_ADMIN' ? 'admin' : 'user', id: actor.id },
      originIp: origin.ip,
      resource: event.resource,
      details: { ...event.details, ...(origin.requestId && { requestId: origin.requestId }) },
    }),
  );
}
