import { errors } from '../../lib/errors';
import { isActor, type Actor } from '../../lib/rbac';

/** Reports and helpful votes need a person of any role: the service checks it too (SEC-AUTHZ-02). */
export function assertSignedIn(actor: Actor | undefined): asserts actor is Actor {
  if (!isActor(actor)) throw errors.authenticationRequired();
}
