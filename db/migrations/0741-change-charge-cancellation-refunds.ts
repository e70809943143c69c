import type { MigrationContext } from '../migrator';

const PAYMENT_CIPHERTEXT = `'^v1\\.payment\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'`;

/**
 * A booking cancelled after a change that cost more gives the change's charge back with the rest
 * (issue 18.2): how much of each charge the cancellation refunded (key
 * `booking/<id>/change/<offerId>/cancellation-refund`). The charge stays `succeeded`: its change
 * was made; `refunded` remains the mark of a change undone. The Stripe ids of both refunds (the
 * undo's and the cancellation's) are kept, encrypted, so the daily reconciliation knows them.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    ALTER TABLE booking_change_charges
      ADD COLUMN cancellation_refunded_minor bigint NOT NULL DEFAULT 0,
      ADD COLUMN undo_refund_id_encrypted text CHECK (undo_refund_id_encrypted ~ ${PAYMENT_CIPHERTEXT}),
      ADD COLUMN cancellation_refund_id_encrypted text
        CHECK (cancellation_refund_id_encrypted ~ ${PAYMENT_CIPHERTEXT}),
      ADD CONSTRAINT booking_change_charges_refund_within
        CHECK (cancellation_refunded_minor BETWEEN 0 AND amount_minor);
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query(`
    ALTER TABLE booking_change_charges
      DROP CONSTRAINT IF EXISTS booking_change_charges_refund_within,
      DROP COLUMN IF EXISTS cancellation_refunded_minor,
      DROP COLUMN IF EXISTS undo_refund_id_encrypted,
      DROP COLUMN IF EXISTS cancellation_refund_id_encrypted;
  `);
}
