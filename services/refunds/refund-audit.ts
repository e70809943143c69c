import { personEvent, type PersonAct } from '../../lib/audit';
import type { Actor } from '../../lib/rbac';
import type { RefundOrigin, RefundsDeps } from './deps';

/**
 * A person's act on a refund (SEC-LOG-03): the request, an approval, a denial, or the refusal of
 * one (outcome `denied`), with the person as actor and the request's address. The resource is the
 * refund, or the booking when a request was refused before a refund existed.
 */
export async function auditRefundAct(
  deps: Pick<RefundsDeps, 'audit'>,
  actor: Actor,
  origin: RefundOrigin,
  event: PersonAct,
): Promise<void> {
  await deps.audit.append(personEvent(actor, origin, event));
}
