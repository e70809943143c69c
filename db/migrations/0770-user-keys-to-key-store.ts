import { QueryTypes, type Sequelize } from 'sequelize';
import { keyStoreBeside } from '../key-store-beside';
import type { MigrationContext } from '../migrator';
import { up as createMainUserKeys } from './0101-user-keys';

interface KeyRow {
  user_id: string;
  wrapped_key: string | null;
  kek_id: string | null;
  created_at: Date;
  shredded_at: Date | null;
}

const SELECT_KEYS = `SELECT user_id, encode(wrapped_key, 'hex') AS wrapped_key, kek_id, created_at, shredded_at
                       FROM user_keys ORDER BY user_id`;

/**
 * Copies key rows into `target`'s user_keys: a row the target lacks is inserted as it is; a row
 * shredded in the source is shredded in the target (a shred is never undone, whichever side saw
 * it). A live key the target already holds wins. Idempotent.
 */
async function copyKeys(rows: KeyRow[], target: Sequelize): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof KeyRow>(k: K) => rows.map((r) => r[k]);
  await target.query(
    `INSERT INTO user_keys (user_id, wrapped_key, kek_id, created_at, shredded_at)
     SELECT u, decode(w, 'hex'), k, c, s
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS r(u, w, k, c, s)
     ON CONFLICT (user_id) DO NOTHING`,
    {
      bind: [
        column('user_id'),
        column('wrapped_key'),
        column('kek_id'),
        column('created_at'),
        column('shredded_at'),
      ],
    },
  );
  const shredded = rows.filter((r) => r.shredded_at !== null).map((r) => r.user_id);
  await target.query(
    `UPDATE user_keys SET wrapped_key = NULL, kek_id = NULL, shredded_at = now()
      WHERE user_id = ANY($1::uuid[]) AND shredded_at IS NULL`,
    { bind: [shredded] },
  );
}

/**
 * SEC-DATA-04 (issue 19.2): per-user data keys leave the main database for the key store, a
 * database of their own (db/key-store-migrations), so no backup of the main database holds one
 * and erasure reaches backups taken before it (docs/privacy-erasure.md). Existing rows are copied
 * across (the dev and test databases hold keys in use), then the main table is dropped. The shred
 * list `user_key_shreds` (user ids and times, no key material) stays here: it re-shreds a key
 * store restored from an older backup. Append-only for the app role.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE IF NOT EXISTS user_key_shreds (
      user_id uuid PRIMARY KEY,
      shredded_at timestamptz NOT NULL DEFAULT now()
    );
    REVOKE UPDATE, DELETE, TRUNCATE ON user_key_shreds FROM travelhub_app;
  `);
  const keyStore = keyStoreBeside(sequelize, 'owner');
  try {
    await copyKeys(await sequelize.query<KeyRow>(SELECT_KEYS, { type: QueryTypes.SELECT }), keyStore);
  } finally {
    await keyStore.close();
  }
  await sequelize.query(`
    INSERT INTO user_key_shreds (user_id, shredded_at)
      SELECT user_id, shredded_at FROM user_keys WHERE shredded_at IS NOT NULL
      ON CONFLICT (user_id) DO NOTHING;
    DROP TABLE user_keys;
    DROP FUNCTION user_keys_guard();
  `);
}

/**
 * Puts user_keys back into the main database with a copy of the key store's rows. The shred list
 * stays: it is the record of erasures, which no schema change may lose (up creates it only if
 * absent).
 */
export async function down({ sequelize }: MigrationContext) {
  await createMainUserKeys({ sequelize, queryInterface: sequelize.getQueryInterface() });
  const keyStore = keyStoreBeside(sequelize, 'owner');
  try {
    await copyKeys(await keyStore.query<KeyRow>(SELECT_KEYS, { type: QueryTypes.SELECT }), sequelize);
  } finally {
    await keyStore.close();
  }
}
