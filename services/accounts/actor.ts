import { errors } from '../../lib/errors';
import { isActor, type Actor } from '../../lib/rbac';

/**
 * Own-account services (profile, password, MFA) need a signed-in actor of any role: a missing or
 * malformed one is refused here too, not only by the route's 'authenticated' declaration.
 */
export function assertSignedIn(actor: Actor | null | undefined): asserts actor is Actor {
  if (!isActor(actor)) throw errors.authenticationRequired();
}
