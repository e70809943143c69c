import { Sequelize } from 'sequelize';
import { readFileSync } from 'node:fs';
import type { Config } from '../config';
import { keyStoreAddress } from '../config/key-store';
import { guardSequelize, type DependencyBreaker } from '../dependencies';
import { loginWithCurrentOrPreviousPassword } from './database-password';

export type DatabaseRole = 'app' | 'owner';

/**
 * One Sequelize instance per role. `app` is what the API and workers use (DML only); `owner`
 * runs migrations. Pool, acquire and statement timeouts come from config (SEC-RATE-03).
 */
export function createSequelize(config: Config, role: DatabaseRole = 'app', logging = false): Sequelize {
  return sequelizeFor(config.database, `${config.serviceName}-${role}`, role, logging);
}

/**
 * The same for the key store (SEC-DATA-04: `user_keys` only, lib/config/key-store.ts): the app role
 * reads and shreds keys, the owner role migrates it (db/key-store-migrations).
 */
export function createKeyStoreSequelize(
  config: Pick<Config, 'database' | 'serviceName'> & Partial<Pick<Config, 'keyStore'>>,
  role: DatabaseRole = 'app',
  logging = false,
): Sequelize {
  return sequelizeFor(keyStoreAddress(config), `${config.serviceName}-keys-${role}`, role, logging);
}

/**
 * The API's pool (issue 20.2): acquire, connect, statement_timeout and a client-side query timeout
 * (which a hung server cannot ignore, as it ignores its own statement_timeout) all at the request
 * path's deadline, every statement behind the Postgres breaker.
 */
export function createRequestSequelize(config: Config, breaker: DependencyBreaker): Sequelize {
  const timeoutMs = config.dependencies.postgresTimeoutMs;
  const db = {
    ...config.database,
    acquireTimeoutMs: Math.min(config.database.acquireTimeoutMs, timeoutMs),
    statementTimeoutMs: Math.min(config.database.statementTimeoutMs, timeoutMs),
  };
  return guardSequelize(sequelizeFor(db, `${config.serviceName}-app`, 'app', false, timeoutMs), breaker);
}

function sequelizeFor(
  db: Config['database'],
  applicationName: string,
  role: DatabaseRole,
  logging: boolean,
  queryTimeoutMs?: number,
) {
  const url = role === 'app' ? db.url : db.adminUrl;
  const password = role === 'app' ? db.password : db.adminPassword;
  const passwordFile = role === 'app' ? db.passwordFile : db.adminPasswordFile;
  const ssl =
    db.sslMode === 'disable'
      ? undefined
      : {
          rejectUnauthorized: db.sslMode === 'verify-full',
          ca: db.caFile ? readFileSync(db.caFile, 'utf8') : undefined,
        };
  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    password,
    logging,
    pool: { max: db.poolMax, min: 0, acquire: db.acquireTimeoutMs, idle: db.idleTimeoutMs },
    dialectOptions: {
      ssl,
      statement_timeout: db.statementTimeoutMs,
      idle_in_transaction_session_timeout: db.statementTimeoutMs,
      connectionTimeoutMillis: db.acquireTimeoutMs,
      query_timeout: queryTimeoutMs,
      application_name: applicationName,
    },
  });
  // SEC-CFG-02: each new connection reads the password file, so a rotated password needs no restart.
  if (passwordFile) loginWithCurrentOrPreviousPassword(sequelize, passwordFile, password);
  return sequelize;
}
