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

/**
 * The writer's first statement of its own transaction, in one round trip: READ COMMITTED (each
 * later statement then reads what was committed before the lock was granted) and the chain lock.
 * Constant text (SEC-VAL-05); several statements, so no bound parameters: the key is a literal,
 * held equal to AUDIT_CHAIN_LOCK_KEY below.
 */
const READ_COMMITTED_AND_LOCK =
  'SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(7394461270154317829)';
if (!READ_COMMITTED_AND_LOCK.endsWith(`(${AUDIT_CHAIN_LOCK_KEY})`))
  throw new Error('audit chain lock key mismatch');

/** Only as the first statement of a transaction the caller has just begun. */
export async function beginChainTransaction(sequelize: Sequelize, transaction: Transaction): Promise<void> {
  await sequelize.query(READ_COMMITTED_AND_LOCK, { transaction, type: QueryTypes.RAW });
}
