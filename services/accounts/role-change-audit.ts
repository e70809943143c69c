import type { Transaction } from 'sequelize';
import type { DetailValue } from '../../lib/audit';
import { auditInTransaction, type AccountAuditEvent } from './account-audit';
import type { AccountsDeps, Origin } from './deps';

/** `authz.role_changed` for `userId`, in the transaction that changed the role. */
export async function auditRoleChanged(
  deps: AccountsDeps,
  transaction: Transaction,
  actor: NonNullable<AccountAuditEvent['actor']>,
  userId: string,
  details: { fromRole: string; toRole: string } & Record<string, DetailValue>,
  origin: Origin,
): Promise<void> {
  await auditInTransaction(
    deps,
    transaction,
    {
      type: 'authz.role_changed',
      outcome: 'success',
      actor,
      resource: { type: 'user', id: userId },
      details,
    },
    origin,
  );
}
