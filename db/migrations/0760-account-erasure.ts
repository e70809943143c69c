import type { MigrationContext } from '../migrator';

/**
 * Account erasure (SEC-PRIV-02, SEC-DATA-04): when the owner asked for deletion (the grace runs
 * from then; the soft-deleted-account purge of docs/retention.md finds accounts by it), when the
 * erasure finished, and the pseudonym the account keeps (`DELETED_USER_<n>`, numbered by a
 * sequence) so bookings, reviews and audit rows still point at one stable, nameless account.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE SEQUENCE deleted_user_number AS bigint;
    ALTER TABLE users
      ADD COLUMN deletion_requested_at timestamptz,
      ADD COLUMN erased_at timestamptz,
      ADD COLUMN pseudonym text UNIQUE CHECK (pseudonym ~ '^DELETED_USER_[1-9][0-9]{0,18}$'),
      ADD CONSTRAINT users_erased_has_pseudonym CHECK (erased_at IS NULL OR pseudonym IS NOT NULL);
    CREATE INDEX users_deletion_requested ON users (deletion_requested_at)
      WHERE deletion_requested_at IS NOT NULL AND erased_at IS NULL;
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query(`
    ALTER TABLE users
      DROP CONSTRAINT IF EXISTS users_erased_has_pseudonym,
      DROP COLUMN IF EXISTS pseudonym,
      DROP COLUMN IF EXISTS erased_at,
      DROP COLUMN IF EXISTS deletion_requested_at;
    DROP SEQUENCE IF EXISTS deleted_user_number;
  `);
}
