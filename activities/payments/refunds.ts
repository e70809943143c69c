import { ApplicationFailure } from '@temporalio/common';
import type Stripe from 'stripe';
import type { Payment } from '../../db/models/payment';
import type { PaymentRefund } from '../../db/models/payment-refund';
import type { PaymentModels } from '../../db/models/payment-models';
import type { PaymentActivityDeps } from './payment-activities';
import {
  assertAmount,
  assertMay,
  assertOwnsOrStaff,
  assertUuid,
  findPayment,
  paymentNotFound,
} from './payment-rows';
import { readBack } from './stripe-payment-intents';
import { idempotencyKeys, isStripeError, stripeFailure } from './stripe-requests';
import type { RefundPaymentInput, RefundResult } from './types';

function refundFailure(reason: string, type: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(reason, type);
}

/**
 * The refund row, created once with its amount reserved in `refunded_minor` while the payment row
 * is locked: two refunds racing cannot together exceed what was captured (the table's CHECK holds
 * the same line). A retry finds its own row and reserves nothing again.
 */
async function reserve(
  models: PaymentModels,
  payment: Payment,
  input: RefundPaymentInput,
): Promise<PaymentRefund> {
  const sequelize = models.Payment.sequelize!;
  return sequelize.transaction(async (transaction) => {
    const locked = await models.Payment.findByPk(payment.id, { transaction, lock: transaction.LOCK.UPDATE });
    if (!locked) throw paymentNotFound();
    const existing = await models.PaymentRefund.findByPk(input.refundId, { transaction });
    if (existing) {
      const sameRefund =
        existing.payment_id === locked.id &&
        (input.amountMinor === undefined || input.amountMinor === existing.amount_minor);
      if (!sameRefund) throw refundFailure('this refund id names another refund', 'RefundConflict');
      return existing;
    }
    const left = locked.captured_minor - locked.refunded_minor;
    const amount = input.amountMinor ?? left;
    if (amount < 1 || amount > left) {
      throw refundFailure(
        'a refund can never be more than what was captured and not yet refunded',
        'RefundExceedsCaptured',
      );
    }
    locked.set({ refunded_minor: locked.refunded_minor + amount });
    await locked.save({ transaction });
    return models.PaymentRefund.create(
      { id: input.refundId, payment_id: locked.id, amount_minor: amount, status: 'pending' },
      { transaction },
    );
  });
}

/** Stripe refused for good: the reservation is given back. */
async function release(models: PaymentModels, refund: PaymentRefund): Promise<void> {
  await models.Payment.sequelize!.transaction(async (transaction) => {
    const locked = await models.Payment.findByPk(refund.payment_id, {
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    const current = await models.PaymentRefund.findByPk(refund.id, {
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!locked || !current || current.status !== 'pending') return;
    locked.set({ refunded_minor: locked.refunded_minor - current.amount_minor });
    await locked.save({ transaction });
    current.set({ status: 'failed' });
    await current.save({ transaction });
  });
}

/** The refund request, from our rows only: the same on every attempt (SEC-PAY-02). */
export function refundParams(
  payment: Pick<Payment, 'stripe_payment_intent_id' | 'booking_id'>,
  refund: Pick<PaymentRefund, 'id' | 'amount_minor'>,
): Stripe.RefundCreateParams {
  return {
    payment_intent: payment.stripe_payment_intent_id!,
    amount: refund.amount_minor,
    metadata: { booking_id: payment.booking_id, refund_id: refund.id },
  };
}

/**
 * `refundPayment` (payments queue) with `refund/<refundId>` (SEC-PAY-02): never more than was
 * captured, as read back from Stripe. Who may approve which refund (SEC-PAY-04) is the refund
 * workflow's decision; this activity checks the actor may refund at all and owns the payment.
 */
export function refundActivities({ stripe, models }: PaymentActivityDeps) {
  return {
    async refundPayment(input: RefundPaymentInput): Promise<RefundResult> {
      assertMay(input.actor, ['cancel_booking', 'request_refund', 'approve_refunds']);
      assertUuid(input.bookingId, 'bookingId');
      assertUuid(input.refundId, 'refundId');
      if (input.amountMinor !== undefined) assertAmount(input.amountMinor);
      const payment = await findPayment(models, input.bookingId);
      if (!payment) throw paymentNotFound();
      assertOwnsOrStaff(input.actor, payment.user_id);
      if (!payment.stripe_payment_intent_id) throw refundFailure('nothing was charged', 'NothingCaptured');
      await readBack(stripe, payment);

      const refund = await reserve(models, payment, input);
      if (refund.status === 'failed') throw refundFailure('Stripe refused this refund', 'RefundRefused');
      let answer: Stripe.Refund;
      try {
        answer = await stripe.refunds.create(refundParams(payment, refund), {
          idempotencyKey: idempotencyKeys.refund(refund.id),
        });
      } catch (err) {
        const failure = stripeFailure(err, 'refund');
        if (isStripeError(err) && failure instanceof ApplicationFailure && failure.nonRetryable) {
          await release(models, refund);
        }
        throw failure;
      }
      const refused = answer.status === 'failed' || answer.status === 'canceled';
      if (refused) await release(models, refund);
      else {
        refund.set({ status: answer.status === 'succeeded' ? 'succeeded' : 'pending' });
        refund.stripe_refund_id = answer.id;
        await refund.save();
      }
      if (refused) throw refundFailure('Stripe refused this refund', 'RefundRefused');
      return { refundId: refund.id, amountMinor: refund.amount_minor, status: answer.status ?? 'pending' };
    },
  };
}
