import { personEvent, type PersonAct } from '../../lib/audit';
import type { Actor } from '../../lib/rbac';
import type { BookingOrigin, BookingsDeps } from './deps';

/** Appends an event of the booking API: the booker as actor, the request's address and id. */
export async function auditBooker(
  deps: Pick<BookingsDeps, 'audit'>,
  actor: Actor,
  origin: BookingOrigin,
  event: PersonAct,
): Promise<void> {
  await deps.audit.append(personEvent(actor, origin, event));
}
