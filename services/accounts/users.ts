import type { Transaction } from 'sequelize';
import { findOneByBlindIndex } from '../../db/encrypted';
import type { User } from '../../db/models/user';
import type { AccountsDeps } from './deps';

/** The account with this login email (blind-index lookup; the email never reaches SQL). */
export function findUserByEmail(
  deps: AccountsDeps,
  email: string,
  transaction?: Transaction,
): Promise<User | null> {
  return findOneByBlindIndex(deps.models.User, 'email', email, { transaction });
}

/** Roles that may only be held with a confirmed second factor (SEC-AUTH-06). */
export function roleRequiresMfa(role: string): boolean {
  return role === 'BUSINESS_ADMIN' || role === 'PLATFORM_ADMIN';
}

/** The user's name from their profile, for the password policy's "contains your name" rule. */
export async function fullNameOf(deps: AccountsDeps, userId: string): Promise<string | null> {
  const profile = await deps.models.CustomerProfile.findOne({
    where: { user_id: userId },
    attributes: ['id', 'user_id', 'full_name'],
  });
  return profile?.full_name ?? null;
}
