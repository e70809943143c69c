import type { MigrationContext } from '../migrator';

/**
 * Cancellation terms and quotes (issue 17.2). A booking keeps the terms its supplier held it on
 * (`cancellation_policy`, `starts_at`); a quote prices a cancellation on them for a while. Only a
 * booking's latest open quote confirms: a newer quote supersedes the older ones in the same
 * transaction, under the booking's payment row lock. A confirmed quote holds its refund back from
 * refund requests until its workflow answered (then \`settled\`: the refund is in the payment row).
 * Amounts only: no personal data.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    ALTER TABLE bookings
      ADD COLUMN cancellation_policy jsonb,
      ADD COLUMN starts_at timestamptz;
    CREATE TABLE cancellation_quotes (
      id uuid PRIMARY KEY,
      booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
      requested_by uuid NOT NULL REFERENCES users (id),
      phase text NOT NULL CHECK (phase IN ('free', 'late')),
      refund_minor bigint NOT NULL CHECK (refund_minor >= 0),
      deduction_minor bigint NOT NULL CHECK (deduction_minor >= 0),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'superseded', 'confirmed', 'settled', 'void')),
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz
    );
    CREATE UNIQUE INDEX cancellation_quotes_one_open ON cancellation_quotes (booking_id) WHERE status = 'open';
    CREATE UNIQUE INDEX cancellation_quotes_one_confirmed ON cancellation_quotes (booking_id)
      WHERE status IN ('confirmed', 'settled');
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query(`
    DROP TABLE IF EXISTS cancellation_quotes;
    ALTER TABLE bookings DROP COLUMN IF EXISTS cancellation_policy, DROP COLUMN IF EXISTS starts_at;
  `);
}
