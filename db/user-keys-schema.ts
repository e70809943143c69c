/**
 * The `user_keys` table of SEC-DATA-04 (per-user data keys) and its guard, as main migration 0101
 * created it and key-store migration 0001 creates it in the key store: shredding sets wrapped_key
 * and kek_id to NULL and stamps shredded_at, the row stays as a tombstone so a shredded user never
 * gets a fresh key, and shredding is irreversible (trigger). Each migration adds its own grants.
 * Both migrations are applied history: this text must not change; a new shape is a new migration.
 * The statements stay in this file (SEC-VAL-05: SQL text is a constant of the file that sends it).
 */
import type { Sequelize } from 'sequelize';

const CREATE_USER_KEYS = `
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
    CREATE TRIGGER user_keys_guard BEFORE UPDATE ON user_keys FOR EACH ROW EXECUTE FUNCTION user_keys_guard();`;

const DROP_USER_KEYS = `
    DROP TABLE IF EXISTS user_keys;
    DROP FUNCTION IF EXISTS user_keys_guard();
  `;

/** Creates the table and its guard. */
export async function createUserKeys(sequelize: Sequelize): Promise<void> {
  await sequelize.query(CREATE_USER_KEYS);
}

/** Undoes createUserKeys. */
export async function dropUserKeys(sequelize: Sequelize): Promise<void> {
  await sequelize.query(DROP_USER_KEYS);
}
