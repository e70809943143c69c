import { Sequelize } from 'sequelize';
import { readFileSync } from 'node:fs';
import type { Config } from '../config';

export type DatabaseRole = 'app' | 'owner';

/**
 * One Sequelize instance per role. `app` is what the API and workers use (DML only); `owner`
 * runs migrations. Pool, acquire and statement timeouts come from config (SEC-RATE-03).
 */
export function createSequelize(config: Config, role: DatabaseRole = 'app', logging = false): Sequelize {
  const db = config.database;
  const url = role === 'app' ? db.url : db.adminUrl;
  const password = role === 'app' ? db.password : db.adminPassword;
  const ssl =
    db.sslMode === 'disable'
      ? undefined
      : {
          rejectUnauthorized: db.sslMode === 'verify-full',
          ca: db.caFile ? readFileSync(db.caFile, 'utf8') : undefined,
        };
  return new Sequelize(url, {
    dialect: 'postgres',
    password,
    logging,
    pool: { max: db.poolMax, min: 0, acquire: db.acquireTimeoutMs, idle: db.idleTimeoutMs },
    dialectOptions: {
      ssl,
      statement_timeout: db.statementTimeoutMs,
      idle_in_transaction_session_timeout: db.statementTimeoutMs,
      connectionTimeoutMillis: db.acquireTimeoutMs,
      application_name: `${config.serviceName}-${role}`,
    },
  });
}
