import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/** The advisory-lock key every audit appender takes; an arbitrary constant owned by the audit log. */
export const AUDIT_CHAIN_LOCK_KEY = '7394461270154317829';

/**
 * Serializes appends across every process and connection until the transaction ends. Taken
 * before the chain head is read, so under READ COMMITTED the head read afterwards is current.
 */
export async function lockAuditChain(sequelize: Sequelize, transaction: Transaction): Promise<void> {
  await sequelize.query('SELECT pg_advisory_xact_lock($1::bigint)', {
    bind: [AUDIT_CHAIN_LOCK_KEY],
    transaction,
    type: QueryTypes.SELECT,
  });
}
