import type { MigrationContext } from '../migrator';

/**
 * SEC-IDEM-01/02: the durable side of Idempotency-Key. The UNIQUE (user_id, idempotency_key)
 * is what makes a second booking or charge impossible even when Redis has lost its copy.
 * An in_flight row's expires_at is its lock expiry (a crashed request frees the key); a
 * completed row's is the end of the 24 h replay period. lock_token names the request that holds
 * the lock, so a request whose lock was taken over cannot overwrite the new holder's row.
 * Expired rows are purged by retention (SEC-PRIV-03).
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE idempotency_records (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id uuid NOT NULL,
      idempotency_key uuid NOT NULL,
      fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
      status text NOT NULL CHECK (status IN ('in_flight', 'completed')),
      lock_token uuid,
      response_status smallint CHECK (response_status BETWEEN 100 AND 499),
      response_body jsonb,
      response_headers jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      CONSTRAINT idempotency_records_user_key_unique UNIQUE (user_id, idempotency_key),
      CONSTRAINT idempotency_records_state CHECK (
        (status = 'in_flight' AND lock_token IS NOT NULL AND response_status IS NULL)
        OR (status = 'completed' AND response_status IS NOT NULL)
      )
    );
    CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at);
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS idempotency_records');
}
