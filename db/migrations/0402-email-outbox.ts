import type { MigrationContext } from '../migrator';

const PII_CIPHERTEXT = `'^v1\\.pii\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'`;

/**
 * Emails waiting for the notification workflow. The API writes a row in the same transaction as
 * the change that causes it (a reset token, a signup); the workflow input carries only the row
 * id, so no address or link ever reaches Temporal. Recipient and payload (links with tokens) are
 * encrypted; the payload is wiped once the message is sent.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE email_outbox (
      id uuid PRIMARY KEY,
      template text NOT NULL CHECK (template ~ '^[a-z][a-z_]{0,39}$'),
      recipient_encrypted text NOT NULL CHECK (recipient_encrypted ~ ${PII_CIPHERTEXT}),
      payload_encrypted text CHECK (payload_encrypted ~ ${PII_CIPHERTEXT}),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
      message_id text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT email_outbox_sent_state CHECK (
        (status = 'pending' AND sent_at IS NULL) OR (status = 'sent' AND sent_at IS NOT NULL AND message_id IS NOT NULL)
      )
    );
    CREATE INDEX email_outbox_pending ON email_outbox (created_at) WHERE status = 'pending';
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS email_outbox');
}
