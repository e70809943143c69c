import type { MigrationContext } from '../migrator';
import { createUserKeys, dropUserKeys } from '../user-keys-schema';

/**
 * The key store's one table (SEC-DATA-04): per-user data keys, wrapped by the KEK, in a database of
 * their own so that no backup of the main database holds one (docs/privacy-erasure.md). The same
 * table and guard as the main database's former `user_keys` (db/user-keys-schema.ts; migration
 * 0101, moved here by 0770); the app role may read, add and shred keys, never delete rows.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query('GRANT USAGE ON SCHEMA public TO travelhub_app');
  await createUserKeys(sequelize);
  await sequelize.query('GRANT SELECT, INSERT, UPDATE ON user_keys TO travelhub_app');
}

export async function down({ sequelize }: MigrationContext) {
  await dropUserKeys(sequelize);
}
