import type { Sequelize } from 'sequelize';
import type { DependencyBreaker } from './dependency-breaker';

type Query = Sequelize['query'];
type Transaction = Sequelize['transaction'];

/**
 * Puts Postgres behind its breaker: every statement runs through it, except COMMIT and ROLLBACK
 * (Sequelize marks them `completesTransaction`), which must always reach the server: a refused
 * COMMIT would hand the connection back to the pool with its transaction still open. A new
 * transaction is refused at once while the breaker is open, before it waits for a connection.
 */
export function guardSequelize(sequelize: Sequelize, breaker: DependencyBreaker): Sequelize {
  const query = sequelize.query.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
  const transaction = sequelize.transaction.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
  sequelize.query = function guardedQuery(...args: unknown[]) {
    const options = args[1] as { completesTransaction?: boolean } | undefined;
    if (options?.completesTransaction) return query(...args);
    return breaker.run(() => query(...args));
  } as Query;
  sequelize.transaction = function guardedTransaction(...args: unknown[]) {
    breaker.refuseIfOpen();
    return transaction(...args);
  } as Transaction;
  return sequelize;
}
