import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { loadConfig, type Config } from '../../lib/config';
import { keyStoreDatabaseName } from '../../lib/config/key-store';

/** The migrated database that scripts/test.sh prepares and nobody connects to. */
export const TEMPLATE_DATABASE = 'travelhub_template';

function superuserPassword(): string {
  const file = process.env.DATABASE_SUPERUSER_PASSWORD_FILE;
  if (!file) throw new Error('DATABASE_SUPERUSER_PASSWORD_FILE is not set: run through scripts/with-env.sh');
  return readFileSync(file, 'utf8').trim();
}

/**
 * The stack's superuser address, from its environment only: a built-in default would be the dev
 * profile's server, which answers only while the dev stack is up.
 */
export function superuserUrl(): string {
  const url = process.env.DATABASE_SUPERUSER_URL;
  if (!url) throw new Error('DATABASE_SUPERUSER_URL is not set: run through scripts/with-env.sh');
  return url;
}

/** A plain `pg` client as the Postgres superuser (tests only: tampering, raw reads, DDL). */
export async function superuserClient(database = 'postgres'): Promise<pg.Client> {
  const url = new URL(superuserUrl());
  url.pathname = `/${database}`;
  // pg prefers the (empty) password of a connection string over the `password` option.
  url.password = encodeURIComponent(superuserPassword());
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/** The rows of one query run as the superuser on `database` (raw rows, no role restrictions). */
export async function superuserRows<T extends pg.QueryResultRow>(
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = await superuserClient(database);
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Cloning fails while another test file briefly holds a connection to the template: retry. */
async function cloneTemplate(name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const admin = await superuserClient();
    try {
      // Identifiers cannot be bound parameters; the name is generated here, never user input.
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} OWNER travelhub_owner`);
      return;
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
  }
}

export interface TestDatabase {
  name: string;
  /** Its private key store (`<name>_keys`, SEC-DATA-04), cloned from the template's. */
  keyStoreName: string;
  config: Config;
  drop(): Promise<void>;
}

/**
 * A private, fully migrated database cloned from the template, and its private key store cloned
 * from the template's, so test files run in parallel without seeing each other's rows. `config`
 * points the app and owner roles at it (and so at its key store: lib/config/key-store.ts).
 */
export async function freshDatabase(template = TEMPLATE_DATABASE): Promise<TestDatabase> {
  const name = `th_test_${randomBytes(6).toString('hex')}`;
  const keyStoreName = keyStoreDatabaseName(name);
  await Promise.all([
    cloneTemplate(name, template),
    cloneTemplate(keyStoreName, keyStoreDatabaseName(template)),
  ]);
  const base = loadConfig();
  const config: Config = {
    ...base,
    database: {
      ...base.database,
      url: withDatabase(base.database.url, name),
      adminUrl: withDatabase(base.database.adminUrl, name),
    },
  };
  return {
    name,
    keyStoreName,
    config,
    async drop() {
      const c = await superuserClient();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.query(`DROP DATABASE IF EXISTS ${keyStoreName} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
