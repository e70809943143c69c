import { Op } from 'sequelize';
import { appendInTransaction, newAuditEvent, validateAuditEvent } from '../../lib/audit';
import { config, type Config } from '../../lib/config';
import type { PaymentModels } from '../../db/models/payment-models';
import { activeBlock } from '../../services/payments/payment-blocks';
import { assertMay, assertOwnsOrStaff, assertUuid, findPayment, paymentNotFound } from './payment-rows';
import { failureCodeOf } from './stripe-requests';
import type { DeclineRecorded, RecordDeclineInput } from './types';

export interface RecordDeclineDeps {
  models: PaymentModels;
  /** Defaults to the process configuration's. */
  cardTesting?: Config['cardTesting'];
}

/**
 * `recordPaymentDecline` (payments queue), SEC-PAY-06: the booking workflow reports each card
 * Stripe declined. Declines are counted per user over a sliding window; the one that reaches the
 * limit blocks the user's payments for a period and writes `payment.blocked` in the same
 * transaction, so the block and its audit event exist together or not at all. Serialized per
 * user (advisory lock) so two declines racing cannot both miss the limit or both set a block;
 * a retry finds its decline recorded and changes nothing.
 */
export function declineActivities({ models, cardTesting }: RecordDeclineDeps) {
  return {
    async recordPaymentDecline(input: RecordDeclineInput): Promise<DeclineRecorded> {
      assertMay(input.actor, ['book']);
      assertUuid(input.bookingId, 'bookingId');
      const policy = cardTesting ?? config().cardTesting;
      const payment = await findPayment(models, input.bookingId);
      if (!payment) throw paymentNotFound();
      assertOwnsOrStaff(input.actor, payment.user_id);
      const userId = payment.user_id;
      const sequelize = models.Payment.sequelize!;
      return sequelize.transaction(async (transaction) => {
        await sequelize.query("SELECT pg_advisory_xact_lock(hashtext('payment_declines:' || $1))", {
          bind: [userId],
          transaction,
        });
        const known = await models.PaymentDecline.findByPk(input.bookingId, { transaction });
        if (!known) {
          await models.PaymentDecline.create(
            {
              booking_id: input.bookingId,
              user_id: userId,
              decline_code: failureCodeOf(input.declineCode) ?? 'card_declined',
            },
            { transaction },
          );
        }
        const now = new Date();
        const declines = await models.PaymentDecline.count({
          where: {
            user_id: userId,
            declined_at: { [Op.gt]: new Date(now.getTime() - policy.declineWindowSeconds * 1000) },
          },
          transaction,
        });
        const block = await activeBlock(models, userId, now, transaction);
        if (block) return { declines, blockedUntil: block.blocked_until.toISOString(), newBlock: false };
        if (known || declines < policy.declineLimit) return { declines, blockedUntil: null, newBlock: false };
        const blockedUntil = new Date(now.getTime() + policy.blockSeconds * 1000);
        await models.PaymentBlock.create(
          { user_id: userId, trigger_booking_id: input.bookingId, declines, blocked_until: blockedUntil },
          { transaction },
        );
        const event = newAuditEvent(
          {
            type: 'payment.blocked',
            actor: { type: 'system', id: 'card-testing-defence' },
            outcome: 'denied',
            originIp: null,
            resource: { type: 'user', id: userId },
            details: { declines, blockedForSeconds: policy.blockSeconds },
          },
          now,
        );
        await appendInTransaction(sequelize, transaction, validateAuditEvent(event));
        return { declines, blockedUntil: blockedUntil.toISOString(), newBlock: true };
      });
    },
  };
}
