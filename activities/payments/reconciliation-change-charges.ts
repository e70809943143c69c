import { Op } from 'sequelize';
import type { PaymentModels } from '../../db/models/payment-models';
import type { PlatformRefundView } from '../../services/reconciliation/findings';

/*
 * The money booking changes moved on PaymentIntents of their own (issue 18.2), as the daily
 * reconciliation compares it with Stripe: each change charge is a platform payment of its own,
 * and its refunds (the undo of a failed change, or a later cancellation's share) platform refunds.
 */

/** Stripe's status of a charge's PaymentIntent as the platform last saw it. */
const INTENT_STATUS = {
  succeeded: 'succeeded',
  refunded: 'succeeded',
  declined: 'requires_payment_method',
} as const;

/** The change charges created in the window that reached Stripe, as the payments' rows read. */
export async function changeChargeRows(models: PaymentModels, fromMs: number, toMs: number) {
  const rows = await models.BookingChangeCharge.findAll({
    where: {
      createdAt: { [Op.gte]: new Date(fromMs), [Op.lt]: new Date(toMs) },
      status: { [Op.ne]: 'creating' },
    },
    order: [['id', 'ASC']],
  });
  return rows
    .filter((r) => r.stripe_payment_intent_id && r.status !== 'creating')
    .map((r) => ({
      id: r.id,
      booking_id: r.booking_id,
      stripe_payment_intent_id: r.stripe_payment_intent_id,
      amount_minor: r.amount_minor,
      currency: r.currency,
      status: INTENT_STATUS[r.status as keyof typeof INTENT_STATUS],
      createdAt: r.get('createdAt') as Date,
    }));
}

/** The refunds of change charges last written in the window, keyed by their Stripe refund id. */
export async function changeChargeRefunds(
  models: PaymentModels,
  fromMs: number,
  toMs: number,
): Promise<Array<PlatformRefundView & { stripeRefundId: string | null; status: string; createdMs: number }>> {
  const rows = await models.BookingChangeCharge.findAll({
    where: { updatedAt: { [Op.gte]: new Date(fromMs), [Op.lt]: new Date(toMs) } },
    order: [['id', 'ASC']],
  });
  const refunds = rows.flatMap((r) =>
    [
      ...(r.undo_refund_id ? [{ stripeRefundId: r.undo_refund_id, amountMinor: r.amount_minor }] : []),
      ...(r.cancellation_refund_id
        ? [{ stripeRefundId: r.cancellation_refund_id, amountMinor: r.cancellation_refunded_minor }]
        : []),
    ].map((refund) => ({
      id: r.id,
      paymentId: r.id,
      ...refund,
      status: 'succeeded',
      createdMs: (r.get('updatedAt') as Date).getTime(),
    })),
  );
  return refunds;
}
