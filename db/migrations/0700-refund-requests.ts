import type { MigrationContext } from '../migrator';

/**
 * Refund requests (SEC-PAY-04): one row per request, written before its workflow starts. A row
 * that is `pending` or `approved` reserves its amount: the insert locks the payment row
 * (`SELECT … FOR UPDATE`) and checks captured − refunded − reserved, so concurrent requests on
 * one booking can never together ask for more than was captured (services/refunds/reserve.ts).
 * Once issued the amount is in `payments.refunded_minor` instead. (user, key) is unique: a
 * repeated Idempotency-Key finds its request, never a second one.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE refund_requests (
      id uuid PRIMARY KEY,
      booking_id uuid NOT NULL REFERENCES bookings (id),
      payment_id uuid NOT NULL REFERENCES payments (id),
      requested_by uuid NOT NULL REFERENCES users (id),
      idempotency_key uuid NOT NULL,
      workflow_id text NOT NULL UNIQUE CHECK (workflow_id ~ '^refund-[0-9a-f-]{36}-[0-9a-f]{32}$'),
      amount_minor bigint NOT NULL CHECK (amount_minor BETWEEN 1 AND 99999999),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      reason text NOT NULL CHECK (reason IN ('customer_request', 'duplicate', 'fraudulent', 'service_failure', 'goodwill')),
      four_eyes boolean NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'issued', 'denied', 'expired', 'failed')),
      decided_by uuid REFERENCES users (id),
      decision_reason text CHECK (decision_reason ~ '^[a-z0-9_]{1,64}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT refund_requests_user_key UNIQUE (requested_by, idempotency_key)
    );
    CREATE INDEX refund_requests_payment_status ON refund_requests (payment_id, status);
    CREATE INDEX refund_requests_status_created ON refund_requests (status, created_at);
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS refund_requests');
}
