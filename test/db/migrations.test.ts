import test from 'ava';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { DatabaseError } from 'sequelize';
import { createKeyStoreSequelize, createSequelize } from '../../lib/clients/database';
import { createMigrator } from '../../db/migrator';
import { loadConfig, type Config } from '../../lib/config';
import { superuserUrl } from '../helpers/databases';

/**
 * A superuser `pg` client. (test/helpers/databases.ts' superuserClient passes the password beside
 * a connection string, which pg 8.23 overrides with the URL's empty password; the password goes
 * into the URL here instead.)
 */
async function superuser(database = 'postgres'): Promise<pg.Client> {
  const file = process.env.DATABASE_SUPERUSER_PASSWORD_FILE;
  if (!file) throw new Error('DATABASE_SUPERUSER_PASSWORD_FILE is not set: run through scripts/with-env.sh');
  const url = new URL(superuserUrl());
  url.pathname = `/${database}`;
  url.password = encodeURIComponent(readFileSync(file, 'utf8').trim());
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

function pointAt(name: string): Config {
  const base = loadConfig();
  const swap = (url: string) => {
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  return {
    ...base,
    database: { ...base.database, url: swap(base.database.url), adminUrl: swap(base.database.adminUrl) },
  };
}

/** Everything in schema public except the migration ledger: relations, functions, types, default ACLs. */
async function publicObjects(db: pg.Client): Promise<string[]> {
  const { rows } = await db.query<{ o: string }>(`
    SELECT c.relkind::text || ':' || c.relname AS o
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relname NOT LIKE 'schema_migrations%'
    UNION ALL
    SELECT 'function:' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public'
    UNION ALL
    SELECT 'type:' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm')
    UNION ALL
    SELECT 'default-acl:' || d.defaclobjtype::text FROM pg_default_acl d
    ORDER BY 1`);
  return rows.map((r) => r.o);
}

async function tables(db: pg.Client): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

async function appPrivileges(db: pg.Client) {
  const { rows } = await db.query<{ create: boolean; usage: boolean; owned: number }>(`
    SELECT has_schema_privilege('travelhub_app', 'public', 'CREATE') AS create,
           has_schema_privilege('travelhub_app', 'public', 'USAGE') AS usage,
           (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> 'travelhub_owner') AS owned`);
  return rows[0];
}

/**
 * Kept by a down on purpose: the shred list (0770) records erasures, which a schema rollback must
 * not lose (a key store restored later would get their keys back); up creates it only if absent.
 */
const KEPT_BY_DOWN = ['i:user_key_shreds_pkey', 'r:user_key_shreds'];

test('migrations run up, down to zero and up again on an empty database', async (t) => {
  // A brand-new database set up like production: owned by the owner role, nobody else may CREATE;
  // its key store beside it, migrated first (as db/migrate-cli.ts does).
  const name = `th_migrate_${randomBytes(6).toString('hex')}`;
  const admin = await superuser();
  // Identifiers cannot be bound parameters; the name is generated above, never user input.
  await admin.query(`CREATE DATABASE ${name} OWNER travelhub_owner`);
  await admin.query(`CREATE DATABASE ${name}_keys OWNER travelhub_owner`);
  const db = await superuser(name);
  const config = pointAt(name);
  const owner = createSequelize(config, 'owner');
  const keyStore = createKeyStoreSequelize(config, 'owner');
  const app = createSequelize(config, 'app');
  try {
    await db.query(
      'ALTER SCHEMA public OWNER TO travelhub_owner; REVOKE CREATE ON SCHEMA public FROM PUBLIC',
    );
    await createMigrator(keyStore, 'key-store-migrations').up();
    const migrator = createMigrator(owner);
    const all = (await migrator.pending()).map((m) => m.name);
    t.true(all.length > 0, 'db/migrations holds migrations');
    t.deepEqual(await publicObjects(db), [], 'the database starts empty');

    await migrator.up();
    t.deepEqual(
      (await migrator.executed()).map((m) => m.name),
      all,
    );
    t.deepEqual(await migrator.pending(), []);
    const afterUp = await publicObjects(db);
    const upTables = await tables(db);
    t.true(afterUp.length > 0, 'migrations created objects');
    t.log(`after up: ${upTables.join(', ')}`);
    t.true(upTables.includes('schema_migrations'));
    t.deepEqual(await appPrivileges(db), { create: false, usage: true, owned: 0 });
    // The app role really cannot create anything (DML only).
    const denied = await t.throwsAsync(app.query('CREATE TABLE app_was_here (id int)'), {
      instanceOf: DatabaseError,
    });
    t.is((denied?.original as { code?: string } | undefined)?.code, '42501', 'insufficient_privilege');

    await migrator.down({ to: 0 });
    t.deepEqual(await migrator.executed(), []);
    t.deepEqual(
      (await migrator.pending()).map((m) => m.name),
      all,
    );
    t.deepEqual(
      await publicObjects(db),
      KEPT_BY_DOWN,
      'down to zero leaves nothing but the migration ledger and the shred list',
    );
    t.deepEqual(await tables(db), ['schema_migrations', 'user_key_shreds']);
    for (const table of upTables.filter((n) => n !== 'schema_migrations' && n !== 'user_key_shreds')) {
      t.false((await tables(db)).includes(table), `${table} dropped`);
    }

    await migrator.up();
    t.deepEqual(
      (await migrator.executed()).map((m) => m.name),
      all,
    );
    t.deepEqual(await publicObjects(db), afterUp, 'up again rebuilds the same schema');
    t.deepEqual(await tables(db), upTables);
    t.like(await appPrivileges(db), { create: false, owned: 0 });
  } finally {
    await owner.close();
    await keyStore.close();
    await app.close();
    await db.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${name}_keys WITH (FORCE)`);
    await admin.end();
  }
});
