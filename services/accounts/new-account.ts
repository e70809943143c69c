import type { Transaction } from 'sequelize';
import type { DetailValue } from '../../lib/audit';
import type { Role } from '../../lib/rbac';
import { auditInTransaction } from './account-audit';
import type { AccountsDeps, Origin } from './deps';

/** A new account's rows: the user, its password credential and its profile. */
export async function insertAccount(
  deps: AccountsDeps,
  transaction: Transaction,
  account: {
    user: { role: Role; email: string; company_id?: string; email_verified_at?: Date };
    passwordHash: string;
    fullName: string;
  },
) {
  const { User, UserCredential, CustomerProfile } = deps.models;
  const user = await User.create(account.user, { transaction });
  await UserCredential.create({ user_id: user.id, password_hash: account.passwordHash }, { transaction });
  await CustomerProfile.create({ user_id: user.id, full_name: account.fullName }, { transaction });
  return user;
}

/** `account.created`, in the transaction that created it; the new user is its own actor. */
export async function auditAccountCreated(
  deps: AccountsDeps,
  transaction: Transaction,
  userId: string,
  details: Record<string, DetailValue>,
  origin: Origin,
): Promise<void> {
  await auditInTransaction(
    deps,
    transaction,
    {
      type: 'account.created',
      outcome: 'success',
      actor: { userId },
      resource: { type: 'user', id: userId },
      details,
    },
    origin,
  );
}
