import type { MigrationContext } from '../migrator';

/**
 * Accounts (issue 7). The login email is encrypted under the user's own key (SEC-DATA-04) and
 * blind-indexed, unique, so one account per address (SEC-DATA-03); the other personal fields
 * (name, phone, …) stay in customer_profiles, linked by user_id. The password hash sits in its
 * own table that no answer ever selects (SEC-AUTH-01). A business role always names its company
 * and a customer role never does. Email columns are nullable only so that account erasure
 * (SEC-PRIV-02) can clear them; signup always sets both.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE companies (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE users (
      id uuid PRIMARY KEY,
      role text NOT NULL DEFAULT 'USER'
        CHECK (role IN ('USER', 'BUSINESS_USER', 'BUSINESS_ADMIN', 'PLATFORM_ADMIN')),
      company_id uuid REFERENCES companies (id),
      email_encrypted text
        CHECK (email_encrypted ~ '^v1\\.user\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'),
      email_bidx text UNIQUE CHECK (email_bidx ~ '^[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{43}$'),
      email_verified_at timestamptz,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT users_company_matches_role CHECK (
        (role IN ('BUSINESS_USER', 'BUSINESS_ADMIN')) = (company_id IS NOT NULL)
      )
    );
    CREATE INDEX users_company_id ON users (company_id);

    CREATE TABLE user_credentials (
      user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      password_hash text NOT NULL CHECK (password_hash ~ '^\\$argon2id\\$v=19\\$m=[0-9]+,t=[0-9]+,p=[0-9]+\\$'),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query(`
    DROP TABLE IF EXISTS user_credentials;
    DROP TABLE IF EXISTS users;
    DROP TABLE IF EXISTS companies;
  `);
}
