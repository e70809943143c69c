import type { MigrationContext } from '../migrator';

/**
 * SEC-SESS-03: refresh tokens, stored as SHA-256 of the 256-bit random token only. A family is
 * one session (family_id = session id): each rotation marks the used row rotated and adds its
 * successor, so a rotated token presented again is recognised as reuse and the whole family is
 * revoked. expires_at is the family's absolute end, copied to every successor: rotation never
 * extends it. Rows stay until expiry so reuse can be detected; retention removes expired ones.
 * user_id has no foreign key: sessions do not depend on the accounts tables' migrations.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE refresh_tokens (
      id uuid PRIMARY KEY,
      family_id uuid NOT NULL,
      user_id uuid NOT NULL,
      token_hash bytea NOT NULL CHECK (octet_length(token_hash) = 32),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      rotated_at timestamptz,
      revoked_at timestamptz,
      revoke_reason text CHECK (revoke_reason IS NULL OR revoke_reason ~ '^[a-z_]{1,40}$'),
      CONSTRAINT refresh_tokens_hash_unique UNIQUE (token_hash),
      CONSTRAINT refresh_tokens_revoked_reason CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
    );
    CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
    CREATE INDEX refresh_tokens_live_by_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
    CREATE INDEX refresh_tokens_expires_at ON refresh_tokens (expires_at);
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS refresh_tokens');
}
