import type { MigrationContext } from '../migrator';

/**
 * Wrapped data keys, one series of versions per data class (SEC-DATA-02). Exactly one active
 * version per class; status only moves forward (active → retiring → retired); rows are never
 * deleted by the app role, so every version a ciphertext names stays accounted for.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE data_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      data_class text NOT NULL CHECK (data_class IN ('pii', 'payment', 'blind_index')),
      version integer NOT NULL CHECK (version BETWEEN 1 AND 999999999),
      wrapped_key bytea NOT NULL,
      kek_id text NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retiring', 'retired')),
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz,
      CONSTRAINT data_keys_class_version UNIQUE (data_class, version),
      CONSTRAINT data_keys_retired_at CHECK ((status = 'retired') = (retired_at IS NOT NULL))
    );
    CREATE UNIQUE INDEX data_keys_one_active_per_class ON data_keys (data_class) WHERE status = 'active';

    CREATE FUNCTION data_keys_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.data_class <> OLD.data_class OR NEW.version <> OLD.version OR NEW.created_at <> OLD.created_at THEN
        RAISE EXCEPTION 'data_keys: class, version and created_at are immutable';
      END IF;
      IF (OLD.status = 'retiring' AND NEW.status = 'active') OR (OLD.status = 'retired' AND NEW.status <> 'retired') THEN
        RAISE EXCEPTION 'data_keys: status cannot go back from % to %', OLD.status, NEW.status;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER data_keys_guard BEFORE UPDATE ON data_keys FOR EACH ROW EXECUTE FUNCTION data_keys_guard();

    REVOKE DELETE, TRUNCATE ON data_keys FROM travelhub_app;
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query(`
    DROP TABLE IF EXISTS data_keys;
    DROP FUNCTION IF EXISTS data_keys_guard();
  `);
}
