import { personEvent, type PersonAct } from '../../lib/audit';
import type { Actor } from '../../lib/rbac';
import type { ReviewOrigin, ReviewsDeps } from './deps';

/**
 * A person's act on a review (SEC-LOG-03): a submission, a moderator's publish or reject (the
 * moderator as actor), an abuse report; the review is the resource, the request's address the origin.
 */
export async function auditReviewAct(
  deps: Pick<ReviewsDeps, 'audit'>,
  actor: Actor,
  origin: ReviewOrigin,
  event: PersonAct,
): Promise<void> {
  await deps.audit.append(personEvent(actor, origin, event));
}
