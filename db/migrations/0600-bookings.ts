import type { MigrationContext } from '../migrator';

const PII_CIPHERTEXT = `'^v1\\.user\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'`;
const STATUSES = `'PENDING', 'HELD', 'AWAITING_PAYMENT', 'PAID', 'CONFIRMED', 'FAILED', 'CANCELLED'`;

/**
 * Bookings (issue 8). One row per (user, Idempotency-Key), held unique by the database itself, so
 * a lost Redis can never make a second booking (SEC-IDEM-02); the workflow id is unique too.
 * `details` is the allowlisted JSON of services/bookings/details.ts (SEC-VAL-07), checked by the
 * service before insert; the database refuses anything but an object. Notes are plain text
 * (SEC-WEB-04), bounded here as well. Passenger data is encrypted under the booker's own key
 * (SEC-DATA-01, SEC-DATA-04): the CHECKs refuse anything but a ciphertext of the user class.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE bookings (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id),
      company_id uuid REFERENCES companies (id),
      idempotency_key uuid NOT NULL,
      workflow_id text NOT NULL CHECK (workflow_id ~ '^booking-[0-9a-f-]{36}-[A-Za-z0-9_-]{1,64}$'),
      status text NOT NULL DEFAULT 'PENDING' CHECK (status IN (${STATUSES})),
      kind text NOT NULL CHECK (kind IN ('hotel', 'flight')),
      supplier text NOT NULL CHECK (supplier IN ('hotel', 'flight')),
      supplier_hold_id text CHECK (supplier_hold_id ~ '^[A-Za-z0-9_-]{1,100}$'),
      supplier_confirmation text CHECK (supplier_confirmation ~ '^[A-Za-z0-9_-]{1,100}$'),
      amount_minor bigint NOT NULL CHECK (amount_minor BETWEEN 1 AND 99999999),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      details jsonb NOT NULL CHECK (jsonb_typeof(details) = 'object'),
      notes text CHECK (char_length(notes) <= 2000),
      failure_reason text CHECK (failure_reason ~ '^[a-z0-9_]{1,64}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT bookings_user_idempotency_key UNIQUE (user_id, idempotency_key),
      CONSTRAINT bookings_workflow_id UNIQUE (workflow_id)
    );
    CREATE INDEX bookings_user_created ON bookings (user_id, created_at DESC, id DESC);
    CREATE INDEX bookings_company_created ON bookings (company_id, created_at DESC, id DESC)
      WHERE company_id IS NOT NULL;

    CREATE TABLE booking_passengers (
      id uuid PRIMARY KEY,
      booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id),
      position smallint NOT NULL CHECK (position BETWEEN 0 AND 8),
      first_name_encrypted text NOT NULL CHECK (first_name_encrypted ~ ${PII_CIPHERTEXT}),
      last_name_encrypted text NOT NULL CHECK (last_name_encrypted ~ ${PII_CIPHERTEXT}),
      passport_number_encrypted text CHECK (passport_number_encrypted ~ ${PII_CIPHERTEXT}),
      date_of_birth_encrypted text NOT NULL CHECK (date_of_birth_encrypted ~ ${PII_CIPHERTEXT}),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT booking_passengers_position UNIQUE (booking_id, position)
    );
    CREATE INDEX booking_passengers_user_id ON booking_passengers (user_id);
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS booking_passengers, bookings');
}
