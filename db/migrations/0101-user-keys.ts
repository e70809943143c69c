import type { MigrationContext } from '../migrator';
import { createUserKeys, dropUserKeys } from '../user-keys-schema';

/**
 * Per-user data keys (SEC-DATA-04). Shredding sets wrapped_key and kek_id to NULL and stamps
 * shredded_at; the row stays as a tombstone, so a shredded user can never get a fresh key and
 * decryption says "shredded" rather than "unknown". Shredding is irreversible (trigger) and the
 * app role cannot delete rows. user_id gets its foreign key when the users table exists.
 */
export async function up({ sequelize }: MigrationContext) {
  await createUserKeys(sequelize);
  await sequelize.query('REVOKE DELETE, TRUNCATE ON user_keys FROM travelhub_app');
}

export async function down({ sequelize }: MigrationContext) {
  await dropUserKeys(sequelize);
}
