import type { MigrationContext } from '../migrator';

/**
 * The audit log (SEC-LOG-04): an append-only hash chain plus signed checkpoints.
 *
 * - The app role may only SELECT and INSERT; UPDATE, DELETE and TRUNCATE are revoked, so Postgres
 *   itself answers "permission denied".
 * - Triggers refuse UPDATE, DELETE and TRUNCATE for every role, the owner included. The only
 *   deletion path is audit_expire_through (SEC-LOG-05), a SECURITY DEFINER function owned by the
 *   owner role and not executable by anyone else, which cuts a whole prefix up to a signed
 *   checkpoint.
 * - An insert trigger refuses a row that does not extend the chain (next sequence, previous
 *   row's hash, hash over prev_hash || record), so even a buggy or hostile app cannot fork it.
 * - Hashing is done by the writer in Node; the trigger checks it with Postgres' own sha256.
 * - The owner role owns these tables, so it could drop the triggers (DDL) or set the retention
 *   flag by hand; tampering that way, or as a superuser, is not prevented but is caught by the
 *   verifier (tools/audit-verify.ts).
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE audit_events (
      sequence      bigint      PRIMARY KEY CHECK (sequence > 0),
      event_id      uuid        NOT NULL UNIQUE,
      event_type    text        NOT NULL,
      occurred_at   timestamptz NOT NULL,
      actor_type    text        NOT NULL,
      actor_id      text        NOT NULL,
      outcome       text        NOT NULL,
      resource_type text        NOT NULL,
      resource_id   text        NOT NULL,
      -- One line of printable ASCII (the writer escapes everything else): nothing stored can
      -- break a line-based reader or smuggle a second record.
      canonical     text        NOT NULL CONSTRAINT audit_events_canonical_check
                                CHECK (octet_length(canonical) <= 8192 AND canonical ~ '^[ -~]+$'),
      prev_hash     bytea       NOT NULL UNIQUE CHECK (octet_length(prev_hash) = 32),
      hash          bytea       NOT NULL CHECK (octet_length(hash) = 32)
    );
    COMMENT ON TABLE audit_events IS
      'Append-only, hash-chained audit log (SEC-LOG-04). The indexed columns repeat fields of canonical; the verifier checks they match.';
    CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at);
    CREATE INDEX audit_events_actor ON audit_events (actor_id);
    CREATE INDEX audit_events_resource ON audit_events (resource_type, resource_id);

    CREATE TABLE audit_checkpoints (
      sequence   bigint      PRIMARY KEY CHECK (sequence > 0),
      hash       bytea       NOT NULL CHECK (octet_length(hash) = 32),
      signature  bytea       NOT NULL CHECK (octet_length(signature) = 64),
      key_id     text        NOT NULL CHECK (key_id ~ '^[0-9a-f]{16}$'),
      created_at timestamptz NOT NULL
    );
    COMMENT ON TABLE audit_checkpoints IS
      'Ed25519-signed (sequence, hash) of the audit chain; the anchor the verifier starts from after retention.';

    REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events, audit_checkpoints FROM travelhub_app;
    REVOKE ALL ON audit_events, audit_checkpoints FROM PUBLIC;
    GRANT SELECT, INSERT ON audit_events, audit_checkpoints TO travelhub_app;
  `);

  await sequelize.query(`
    CREATE FUNCTION audit_events_extend_chain() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    DECLARE
      head_sequence bigint;
      head_hash bytea;
    BEGIN
      SELECT sequence, hash INTO head_sequence, head_hash FROM audit_events ORDER BY sequence DESC LIMIT 1;
      IF NOT FOUND THEN
        SELECT sequence, hash INTO head_sequence, head_hash FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1;
        IF NOT FOUND THEN
          head_sequence := 0;
          head_hash := decode(repeat('00', 32), 'hex');
        END IF;
      END IF;
      IF NEW.sequence <> head_sequence + 1 OR NEW.prev_hash <> head_hash THEN
        RAISE EXCEPTION 'audit row % does not extend the chain (head is %)', NEW.sequence, head_sequence
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      IF NEW.hash <> sha256(NEW.prev_hash || convert_to(NEW.canonical, 'UTF8')) THEN
        RAISE EXCEPTION 'audit row % has a wrong hash', NEW.sequence USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$;

    CREATE FUNCTION audit_checkpoints_match_chain() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM audit_events WHERE sequence = NEW.sequence AND hash = NEW.hash) THEN
        RAISE EXCEPTION 'audit checkpoint % does not match a row of the chain', NEW.sequence
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$;

    -- Deletion is allowed only inside audit_expire_through: the table owner, with the
    -- transaction-local setting that function sets, for rows up to its checkpoint
    -- (TG_ARGV[0] = 'through' for events, 'before' for checkpoints, which keep the anchor).
    CREATE FUNCTION audit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    DECLARE
      through text := current_setting('travelhub.audit_expire_through', true);
      owner name;
    BEGIN
      IF TG_OP = 'DELETE' AND through IS NOT NULL AND through <> '' THEN
        SELECT pg_get_userbyid(relowner) INTO owner FROM pg_class WHERE oid = TG_RELID;
        IF current_user = owner AND (
             (TG_ARGV[0] = 'through' AND OLD.sequence <= through::bigint) OR
             (TG_ARGV[0] = 'before' AND OLD.sequence < through::bigint)) THEN
          RETURN OLD;
        END IF;
      END IF;
      RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$;

    CREATE TRIGGER audit_events_extend_chain BEFORE INSERT ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_extend_chain();
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change('through');
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change('through');
    CREATE TRIGGER audit_checkpoints_match_chain BEFORE INSERT ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_match_chain();
    CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change('before');
    CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change('before');
  `);

  await sequelize.query(`
    CREATE FUNCTION audit_expire_through(through_sequence bigint, cutoff timestamptz) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    DECLARE
      checkpoint_time timestamptz;
      deleted bigint;
    BEGIN
      IF cutoff > now() - interval '12 months' THEN
        RAISE EXCEPTION 'audit retention cutoff % is under the 12-month minimum (PCI DSS 10.5.1)', cutoff;
      END IF;
      SELECT created_at INTO checkpoint_time FROM audit_checkpoints WHERE sequence = through_sequence;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'audit retention may cut only at a checkpoint; % is not one', through_sequence;
      END IF;
      IF checkpoint_time >= cutoff THEN
        RAISE EXCEPTION 'audit checkpoint % is not older than the cutoff', through_sequence;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM audit_events WHERE sequence > through_sequence) THEN
        RAISE EXCEPTION 'audit retention must leave the record of the expiry after the cut';
      END IF;
      PERFORM set_config('travelhub.audit_expire_through', through_sequence::text, true);
      DELETE FROM audit_events WHERE sequence <= through_sequence;
      GET DIAGNOSTICS deleted = ROW_COUNT;
      DELETE FROM audit_checkpoints WHERE sequence < through_sequence;
      PERFORM set_config('travelhub.audit_expire_through', '', true);
      RETURN deleted;
    END $$;
    REVOKE ALL ON FUNCTION audit_expire_through(bigint, timestamptz) FROM PUBLIC;
    REVOKE ALL ON FUNCTION audit_expire_through(bigint, timestamptz) FROM travelhub_app;
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query(`
    DROP FUNCTION IF EXISTS audit_expire_through(bigint, timestamptz);
    DROP TABLE IF EXISTS audit_checkpoints;
    DROP TABLE IF EXISTS audit_events;
    DROP FUNCTION IF EXISTS audit_refuse_change();
    DROP FUNCTION IF EXISTS audit_checkpoints_match_chain();
    DROP FUNCTION IF EXISTS audit_events_extend_chain();
  `);
}
