import type { MigrationContext } from '../migrator';

/** A ciphertext under the payment class key (format: lib/crypto/field-ciphertext.ts). */
const PAYMENT_CIPHERTEXT = `'^v1\\.payment\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'`;
const STRIPE_STATUSES = `'creating', 'requires_payment_method', 'requires_confirmation', 'requires_action',
  'processing', 'requires_capture', 'succeeded', 'canceled'`;

/**
 * Payments (SEC-PAY-01): one row per booking (its PaymentIntent's idempotency key is
 * `booking/<id>/payment`), Stripe ids encrypted under the payment class key (SEC-DATA-01), the
 * card only as brand and last4. `creating` is the row written before Stripe is called, so a
 * retried activity finds what it started. refunded <= captured <= amount is held by the database
 * itself: "never more than captured" cannot be broken by two refunds racing.
 *
 * Refunds (SEC-PAY-02's `refund/<id>`): the row is the reservation of its amount, written with
 * the payment row locked before Stripe is asked.
 *
 * Webhook events (SEC-PAY-03): the SHA-256 of each accepted event id, unique, so a replayed
 * event is refused. In Postgres rather than Redis: a lost or flushed Redis would forget which
 * events were seen and let a captured event through again. Rows older than the signature
 * tolerance can be purged (a replay that old fails the timestamp check).
 *
 * booking_id has no foreign key yet: the bookings table arrives with the booking workflow.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE payments (
      id uuid PRIMARY KEY,
      booking_id uuid NOT NULL,
      user_id uuid NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor BETWEEN 1 AND 99999999),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      status text NOT NULL CHECK (status IN (${STRIPE_STATUSES})),
      failure_code text CHECK (failure_code ~ '^[a-z0-9_]{1,64}$'),
      captured_minor bigint NOT NULL DEFAULT 0,
      refunded_minor bigint NOT NULL DEFAULT 0,
      card_brand text CHECK (card_brand ~ '^[a-z_]{1,20}$'),
      card_last4 text CHECK (card_last4 ~ '^[0-9]{4}$'),
      stripe_payment_method_id_encrypted text NOT NULL CHECK (stripe_payment_method_id_encrypted ~ ${PAYMENT_CIPHERTEXT}),
      stripe_payment_intent_id_encrypted text CHECK (stripe_payment_intent_id_encrypted ~ ${PAYMENT_CIPHERTEXT}),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT payments_booking_unique UNIQUE (booking_id),
      CONSTRAINT payments_refunds_within_captured
        CHECK (refunded_minor >= 0 AND refunded_minor <= captured_minor AND captured_minor <= amount_minor)
    );
    CREATE INDEX payments_user_id ON payments (user_id);

    CREATE TABLE payment_refunds (
      id uuid PRIMARY KEY,
      payment_id uuid NOT NULL REFERENCES payments (id),
      amount_minor bigint NOT NULL CHECK (amount_minor BETWEEN 1 AND 99999999),
      status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
      stripe_refund_id_encrypted text CHECK (stripe_refund_id_encrypted ~ ${PAYMENT_CIPHERTEXT}),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX payment_refunds_payment_id ON payment_refunds (payment_id);

    CREATE TABLE payment_webhook_events (
      event_id_sha256 text PRIMARY KEY CHECK (event_id_sha256 ~ '^[0-9a-f]{64}$'),
      event_type text NOT NULL CHECK (event_type ~ '^[a-z0-9_.]{1,100}$'),
      received_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX payment_webhook_events_received_at ON payment_webhook_events (received_at);
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS payment_webhook_events, payment_refunds, payments');
}
