import type { MigrationContext } from '../migrator';

/**
 * Customer personal data, every field encrypted (SEC-DATA-01) under the user's own key
 * (SEC-DATA-04), Stripe ids under the payment class key, and the email blind index (SEC-DATA-03).
 * The CHECKs make the database itself refuse anything but a ciphertext of the right key class
 * in an encrypted column (format: lib/crypto/field-ciphertext.ts). The identity issue adds the
 * users foreign key and any further columns.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE customer_profiles (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL,
      full_name_encrypted text
        CHECK (full_name_encrypted ~ '^v1\\.user\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'),
      phone_encrypted text
        CHECK (phone_encrypted ~ '^v1\\.user\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'),
      email_encrypted text
        CHECK (email_encrypted ~ '^v1\\.user\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'),
      email_bidx text
        CHECK (email_bidx ~ '^[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{43}$'),
      date_of_birth_encrypted text
        CHECK (date_of_birth_encrypted ~ '^v1\\.user\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'),
      passport_number_encrypted text
        CHECK (passport_number_encrypted ~ '^v1\\.user\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'),
      stripe_customer_id_encrypted text
        CHECK (stripe_customer_id_encrypted ~ '^v1\\.payment\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX customer_profiles_email_bidx ON customer_profiles (email_bidx);
    CREATE INDEX customer_profiles_user_id ON customer_profiles (user_id);
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS customer_profiles');
}
