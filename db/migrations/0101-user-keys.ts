import type { MigrationContext } from '../migrator';

/**
 * Per-user data keys (SEC-DATA-04). Shredding sets wrapped_key and kek_id to NULL and stamps
 * shredded_at; the row stays as a tombstone, so a shredded user can never get a fresh key and
 * decryption says "shredded" rather than "unknown". Shredding is irreversible (trigger) and the
 * app role cannot delete rows. user_id gets its foreign key when the users table exists.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE user_keys (
      user_id uuid PRIMARY KEY,
      wrapped_key bytea,
      kek_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      shredded_at timestamptz,
      CONSTRAINT user_keys_key_xor_shredded CHECK (
        (shredded_at IS NULL AND wrapped_key IS NOT NULL AND kek_id IS NOT NULL)
        OR (shredded_at IS NOT NULL AND wrapped_key IS NULL AND kek_id IS NULL)
      )
    );

    CREATE FUNCTION user_keys_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.shredded_at IS NOT NULL THEN
        RAISE EXCEPTION 'user_keys: the key of user % was shredded; shredding is irreversible', OLD.user_id;
      END IF;
      IF NEW.user_id <> OLD.user_id OR NEW.created_at <> OLD.created_at THEN
        RAISE EXCEPTION 'user_keys: user_id and created_at are immutable';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER user_keys_guard BEFORE UPDATE ON user_keys FOR EACH ROW EXECUTE FUNCTION user_keys_guard();

    REVOKE DELETE, TRUNCATE ON user_keys FROM travelhub_app;
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query(`
    DROP TABLE IF EXISTS user_keys;
    DROP FUNCTION IF EXISTS user_keys_guard();
  `);
}
