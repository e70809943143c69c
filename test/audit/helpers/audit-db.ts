import type { Sequelize } from 'sequelize';
import pg from 'pg';
import { createSequelize } from '../../../lib/clients/database';
import { createAuditWriter, type AuditWriter } from '../../../lib/audit';
import { freshDatabase, superuserClient, superuserRows, type TestDatabase } from '../../helpers/databases';

export interface AuditTestDb {
  db: TestDatabase;
  /** The app role (SELECT + INSERT on the audit tables). */
  app: Sequelize;
  /** The owner role (migrations, retention). */
  owner: Sequelize;
  writer: AuditWriter;
  close(): Promise<void>;
}

/** A private migrated database with app and owner connections and an app-role writer. */
export async function auditTestDb(): Promise<AuditTestDb> {
  const db = await freshDatabase();
  const app = createSequelize(db.config, 'app');
  const owner = createSequelize(db.config, 'owner');
  return {
    db,
    app,
    owner,
    writer: createAuditWriter(app),
    async close() {
      await app.close();
      await owner.close();
      await db.drop();
    },
  };
}

/**
 * Runs SQL as the superuser with triggers off (session_replication_role = replica): how an
 * attacker with full database access would tamper with the log.
 */
export async function tamper(db: TestDatabase, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = await superuserClient(db.name);
  try {
    await client.query('SET session_replication_role = replica');
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Reads as the superuser (raw rows, no role restrictions). */
export async function rawQuery<T extends pg.QueryResultRow>(
  db: TestDatabase,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return superuserRows<T>(db.name, sql, params);
}
