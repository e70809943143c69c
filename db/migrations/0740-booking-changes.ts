import type { MigrationContext } from '../migrator';

const PAYMENT_CIPHERTEXT = `'^v1\\.payment\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'`;

/**
 * Booking changes (issue 18.2). A change that costs more is charged on its own PaymentIntent
 * (key `booking/<id>/change/<offerId>/charge`), one row per accepted offer: the row is written
 * before Stripe is asked, so a retried activity finds what it started, and the Stripe id is
 * encrypted under the payment class key like the booking's own payment. A charge taken back
 * when the change fails half-way is `refunded` (key `…/charge-refund`). Ids and amounts only.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE booking_change_charges (
      id uuid PRIMARY KEY,
      booking_id uuid NOT NULL REFERENCES bookings (id),
      amount_minor bigint NOT NULL CHECK (amount_minor BETWEEN 1 AND 99999999),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      status text NOT NULL CHECK (status IN ('creating', 'succeeded', 'declined', 'refunded')),
      stripe_payment_intent_id_encrypted text CHECK (stripe_payment_intent_id_encrypted ~ ${PAYMENT_CIPHERTEXT}),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX booking_change_charges_booking ON booking_change_charges (booking_id);
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS booking_change_charges');
}
