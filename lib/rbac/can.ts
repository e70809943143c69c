import { errors } from '../errors';
import { isActor, type Actor } from './actor';
import type { Permission } from './permissions';
import { permissionsOf } from './policy';

/** True only for a well-formed actor whose role holds the permission. */
export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  return isActor(actor) && permissionsOf(actor.role).includes(permission);
}

/**
 * SEC-AUTHZ-02: services call this themselves, so a route that forgot its declaration still
 * cannot reach the action. Throws 403 ACCESS_DENIED.
 */
export function assertCan(actor: Actor | null | undefined, permission: Permission): asserts actor is Actor {
  if (!can(actor, permission)) throw errors.accessDenied();
}
