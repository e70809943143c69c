import type { MigrationContext } from '../migrator';

/**
 * audit_append: a batch of audit events appended in one statement, so a writer's append costs one
 * round trip instead of five (begin, lock, read the head, insert, commit).
 *
 * Inside a VOLATILE function under READ COMMITTED every statement takes a fresh snapshot, so the
 * head read after the chain lock (an advisory lock under a constant key owned by the audit log) sees
 * every append committed before the lock was granted; the lock is held until the caller's transaction (or the implicit
 * one of a lone statement) ends. The hash is the one the insert trigger checks,
 * sha256(prev_hash || canonical): the writer passes the canonical record it built, and the
 * trigger still refuses anything that does not extend the chain. An event id already stored
 * answers its stored row, flagged duplicate, and conflict when the content differs (never
 * overwritten). Runs as the caller (the app role may INSERT), not as the owner.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE FUNCTION audit_append(
      p_event_ids uuid[], p_event_types text[], p_occurred_at timestamptz[], p_actor_types text[],
      p_actor_ids text[], p_outcomes text[], p_resource_types text[], p_resource_ids text[],
      p_canonicals text[])
    RETURNS TABLE (o_event_id uuid, o_sequence bigint, o_hash bytea, o_duplicate boolean, o_conflict boolean)
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public AS $$
    DECLARE
      head_sequence bigint;
      head_hash bytea;
      next_hash bytea;
      stored record;
    BEGIN
      -- A snapshot older than the lock would read a stale head (the trigger would then refuse).
      IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'audit_append needs READ COMMITTED, not %', current_setting('transaction_isolation');
      END IF;
      PERFORM pg_advisory_xact_lock(7394461270154317829);
      SELECT e.sequence, e.hash INTO head_sequence, head_hash FROM audit_events e ORDER BY e.sequence DESC LIMIT 1;
      IF NOT FOUND THEN
        SELECT c.sequence, c.hash INTO head_sequence, head_hash FROM audit_checkpoints c ORDER BY c.sequence DESC LIMIT 1;
        IF NOT FOUND THEN
          head_sequence := 0;
          head_hash := decode(repeat('00', 32), 'hex');
        END IF;
      END IF;
      FOR i IN 1 .. coalesce(array_length(p_event_ids, 1), 0) LOOP
        SELECT e.sequence, e.hash, e.canonical INTO stored FROM audit_events e WHERE e.event_id = p_event_ids[i];
        IF FOUND THEN
          o_event_id := p_event_ids[i];
          o_sequence := stored.sequence;
          o_hash := stored.hash;
          o_duplicate := true;
          o_conflict := stored.canonical <> p_canonicals[i];
          RETURN NEXT;
          CONTINUE;
        END IF;
        next_hash := sha256(head_hash || convert_to(p_canonicals[i], 'UTF8'));
        INSERT INTO audit_events (sequence, event_id, event_type, occurred_at, actor_type, actor_id, outcome,
                                  resource_type, resource_id, canonical, prev_hash, hash)
        VALUES (head_sequence + 1, p_event_ids[i], p_event_types[i], p_occurred_at[i], p_actor_types[i],
                p_actor_ids[i], p_outcomes[i], p_resource_types[i], p_resource_ids[i], p_canonicals[i],
                head_hash, next_hash);
        head_sequence := head_sequence + 1;
        head_hash := next_hash;
        o_event_id := p_event_ids[i];
        o_sequence := head_sequence;
        o_hash := next_hash;
        o_duplicate := false;
        o_conflict := false;
        RETURN NEXT;
      END LOOP;
    END $$;
    REVOKE ALL ON FUNCTION audit_append(uuid[], text[], timestamptz[], text[], text[], text[], text[], text[], text[]) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION audit_append(uuid[], text[], timestamptz[], text[], text[], text[], text[], text[], text[]) TO travelhub_app;
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query(
    'DROP FUNCTION IF EXISTS audit_append(uuid[], text[], timestamptz[], text[], text[], text[], text[], text[], text[])',
  );
}
