import type { MigrationContext } from '../migrator';

/**
 * One-time tokens sent by email (SEC-AUTH-05, SEC-AUTH-07, SEC-AUTHZ-04 invitations). Only the
 * SHA-256 of a token is stored; a token is spent by one conditional UPDATE (consumed_at IS
 * NULL and not expired), so two concurrent uses cannot both succeed. The invitee's email is
 * encrypted under the PII class key (the invitee has no user key yet) and blind-indexed.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE account_tokens (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
      token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
      expires_at timestamptz NOT NULL,
      consumed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX account_tokens_user_purpose ON account_tokens (user_id, purpose) WHERE consumed_at IS NULL;
    CREATE INDEX account_tokens_expires_at ON account_tokens (expires_at);

    CREATE TABLE company_invitations (
      id uuid PRIMARY KEY,
      company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role = 'BUSINESS_USER'),
      email_encrypted text NOT NULL
        CHECK (email_encrypted ~ '^v1\\.pii\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'),
      email_bidx text NOT NULL CHECK (email_bidx ~ '^[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{43}$'),
      token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
      invited_by uuid NOT NULL REFERENCES users (id),
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      accepted_user_id uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX company_invitations_company ON company_invitations (company_id);
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS company_invitations; DROP TABLE IF EXISTS account_tokens;');
}
