import { errors } from '../../lib/errors';
import type { Actor } from '../../lib/rbac';
import type { AccountsDeps } from './deps';
import { hasConfirmedMfa } from './mfa-check';
import { assertSignedIn } from './actor';

export interface Me {
  id: string;
  email: string;
  fullName: string | null;
  phone: string | null;
  role: string;
  companyId: string | null;
  /** The booking issue requires this (SEC-AUTH-07). */
  emailVerified: boolean;
  mfaEnabled: boolean;
  createdAt: string;
}

/** The signed-in user's own account: never the password hash, never another user's data. */
export async function getMe(deps: AccountsDeps, actor: Actor): Promise<Me> {
  assertSignedIn(actor);
  const user = await deps.models.User.findByPk(actor.id);
  if (!user) throw errors.notFound('User');
  const profile = await deps.models.CustomerProfile.findOne({
    where: { user_id: actor.id },
    attributes: ['id', 'user_id', 'full_name', 'phone'],
  });
  return {
    id: user.id,
    email: user.email ?? '',
    fullName: profile?.full_name ?? null,
    phone: profile?.phone ?? null,
    role: user.role,
    companyId: user.company_id,
    emailVerified: user.email_verified_at !== null,
    mfaEnabled: await hasConfirmedMfa(deps, actor.id),
    createdAt: user.createdAt.toISOString(),
  };
}

/**
 * Only profile fields: role, company and email are not in this body's schema (SEC-AUTHZ-04 mass
 * assignment; the route refuses unknown fields with 400 before this runs).
 */
export async function updateMe(
  deps: AccountsDeps,
  actor: Actor,
  changes: { fullName?: string; phone?: string | null },
): Promise<Me> {
  assertSignedIn(actor);
  const { CustomerProfile } = deps.models;
  await deps.sequelize.transaction(async (transaction) => {
    const profile =
      (await CustomerProfile.findOne({ where: { user_id: actor.id }, transaction })) ??
      CustomerProfile.build({ user_id: actor.id });
    if (changes.fullName !== undefined) profile.full_name = changes.fullName;
    if (changes.phone !== undefined) profile.phone = changes.phone;
    await profile.save({ transaction });
  });
  return getMe(deps, actor);
}
