import { isActor } from './actor';
import { permissionsOf } from './policy';
import { isRouteAccess } from './route-access';

export type AccessVerdict = 'allow' | 'undeclared' | 'authentication_required' | 'denied';

/**
 * SEC-AUTHZ-02 deny by default: anything that is not a valid declaration is 'undeclared' and
 * refused; a missing or malformed actor never passes a non-public route.
 */
export function decideAccess(declared: unknown, actor: unknown): AccessVerdict {
  if (!isRouteAccess(declared)) return 'undeclared';
  if (declared === 'public') return 'allow';
  if (!isActor(actor)) return 'authentication_required';
  if (declared === 'authenticated') return 'allow';
  return permissionsOf(actor.role).includes(declared) ? 'allow' : 'denied';
}
