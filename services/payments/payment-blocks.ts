import { Op, type Transaction } from 'sequelize';
import type { PaymentBlock } from '../../db/models/payment-block';
import type { PaymentModels } from '../../db/models/payment-models';

/**
 * SEC-PAY-06, the payments-blocked rule, defined here once: the block in force for `userId` at
 * `now` is one ending strictly after `now`, the one lasting longest when several overlap, or null.
 * Read by the payment activities (activities/payments) before a PaymentIntent is created and when
 * a decline is recorded. The booking accept path reads the same rule inside its one-round-trip
 * preconditions statement (services/bookings/accept-rows.ts), which
 * test/payments/sec-pay-06-blocked-until.test.ts checks against this function.
 */
export function activeBlock(
  models: Pick<PaymentModels, 'PaymentBlock'>,
  userId: string,
  now: Date,
  transaction?: Transaction,
): Promise<PaymentBlock | null> {
  return models.PaymentBlock.findOne({
    where: { user_id: userId, blocked_until: { [Op.gt]: now } },
    order: [['blocked_until', 'DESC']],
    transaction,
  });
}

/** Whole seconds until the block ends, at least 1: the Retry-After of a refusal. */
export function secondsLeft(block: Pick<PaymentBlock, 'blocked_until'>, now: Date): number {
  return Math.max(1, Math.ceil((block.blocked_until.getTime() - now.getTime()) / 1000));
}
