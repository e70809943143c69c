import { isRole, type Role } from './roles';

/** Who is acting: set on ctx.state.actor by authentication, passed to services explicitly. */
export interface Actor {
  id: string;
  role: Role;
  companyId?: string;
  sessionId?: string;
}

const MAX_ID_LENGTH = 128;

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function isOptionalId(value: unknown): boolean {
  return value === undefined || isId(value);
}

/** Structural check for values that claim to be an Actor (ctx.state is untyped at runtime). */
export function isActor(value: unknown): value is Actor {
  if (typeof value !== 'object' || value === null) return false;
  const a = value as Record<string, unknown>;
  return isId(a.id) && isRole(a.role) && isOptionalId(a.companyId) && isOptionalId(a.sessionId);
}
