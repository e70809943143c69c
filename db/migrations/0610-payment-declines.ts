import type { MigrationContext } from '../migrator';

/**
 * SEC-PAY-06 card-testing defence. `payment_declines`: one row per booking whose card Stripe
 * declined (the booking id is the key, so a retried activity records a decline once), counted
 * per user over a sliding window. `payment_blocks`: a user's payments are refused until
 * `blocked_until`; each block names the decline that set it, so a retry never sets a second.
 * In Postgres rather than Redis: a flushed Redis must not lift a block.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE payment_declines (
      booking_id uuid PRIMARY KEY REFERENCES bookings (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id),
      decline_code text NOT NULL CHECK (decline_code ~ '^[a-z0-9_]{1,64}$'),
      declined_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX payment_declines_user_declined ON payment_declines (user_id, declined_at DESC);

    CREATE TABLE payment_blocks (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id),
      trigger_booking_id uuid NOT NULL UNIQUE REFERENCES payment_declines (booking_id) ON DELETE CASCADE,
      declines integer NOT NULL CHECK (declines >= 1),
      blocked_at timestamptz NOT NULL DEFAULT now(),
      blocked_until timestamptz NOT NULL,
      CHECK (blocked_until > blocked_at)
    );
    CREATE INDEX payment_blocks_user_until ON payment_blocks (user_id, blocked_until DESC);
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS payment_blocks, payment_declines');
}
