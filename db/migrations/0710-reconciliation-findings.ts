import type { MigrationContext } from '../migrator';

const KINDS = `'missing_on_platform', 'missing_on_stripe', 'amount_differs', 'status_differs',
  'captured_without_confirmed_booking', 'authorisation_open', 'refund_missing_on_platform',
  'refund_missing_on_stripe', 'refund_amount_differs'`;

/**
 * Daily reconciliation with Stripe (issue 17.5). One row per (day, kind, subject): the subject is
 * the platform's payment or refund id when the platform knows the object, else Stripe's object
 * id (a Stripe object the platform never recorded has no other name). The unique key makes a
 * re-run of the same day store each finding once. Ids and amounts only: no personal data.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE reconciliation_findings (
      id uuid PRIMARY KEY,
      day date NOT NULL,
      kind text NOT NULL CHECK (kind IN (${KINDS})),
      subject text NOT NULL CHECK (subject ~ '^[A-Za-z0-9_-]{1,100}$'),
      payment_id uuid,
      stripe_amount_minor bigint,
      platform_amount_minor bigint,
      currency text CHECK (currency ~ '^[A-Z]{3}$'),
      stripe_status text CHECK (stripe_status ~ '^[a-z_]{1,40}$'),
      platform_status text CHECK (platform_status ~ '^[A-Za-z_]{1,40}$'),
      auto_fixed boolean NOT NULL DEFAULT false,
      found_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT reconciliation_findings_once UNIQUE (day, kind, subject)
    );
    CREATE INDEX reconciliation_findings_day ON reconciliation_findings (day DESC, found_at DESC, id DESC);
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS reconciliation_findings');
}
