import type { MigrationContext } from '../migrator';

/**
 * TOTP MFA (SEC-AUTH-06). The secret is encrypted under the user's own key; confirmed_at is set
 * only after a first valid code (confirmed enrolment); last_used_step is raised by a conditional
 * UPDATE, so a code (time step) is accepted at most once. Recovery codes are stored as SHA-256
 * (they are 80-bit random, so a fast hash suffices) and spent by a conditional UPDATE.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE user_mfa (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
      secret_encrypted text NOT NULL
        CHECK (secret_encrypted ~ '^v1\\.user\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'),
      confirmed_at timestamptz,
      last_used_step bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE mfa_recovery_codes (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      code_hash bytea NOT NULL CHECK (octet_length(code_hash) = 32),
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT mfa_recovery_codes_unique UNIQUE (user_id, code_hash)
    );
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS mfa_recovery_codes; DROP TABLE IF EXISTS user_mfa;');
}
