import { ApplicationFailure } from '@temporalio/common';
import { UniqueConstraintError } from 'sequelize';
import type { Payment } from '../../db/models/payment';
import type { PaymentModels } from '../../db/models/payment-models';
import type { Actor } from '../../lib/rbac';

export interface PaymentClaim {
  bookingId: string;
  amountMinor: number;
  currency: string;
  paymentMethodId: string;
}

function sameAttempt(row: Payment, claim: PaymentClaim, actor: Actor): boolean {
  return (
    row.user_id === actor.id &&
    row.amount_minor === claim.amountMinor &&
    row.currency === claim.currency &&
    row.stripe_payment_method_id === claim.paymentMethodId
  );
}

/**
 * The booking's payment row, written as `creating` before Stripe is called, so every retry finds
 * the attempt it belongs to. A second attempt with other details for the same booking is refused:
 * its idempotency key is taken, and Stripe would refuse it too.
 */
export async function claimPayment(
  models: PaymentModels,
  actor: Actor,
  claim: PaymentClaim,
): Promise<Payment> {
  const existing = await models.Payment.findOne({ where: { booking_id: claim.bookingId } });
  const row =
    existing ??
    (await models.Payment.create({
      booking_id: claim.bookingId,
      user_id: actor.id,
      amount_minor: claim.amountMinor,
      currency: claim.currency,
      status: 'creating',
      stripe_payment_method_id: claim.paymentMethodId,
    }).catch(async (err: unknown) => {
      // A concurrent attempt created it first: use that one.
      if (!(err instanceof UniqueConstraintError)) throw err;
      return models.Payment.findOne({ where: { booking_id: claim.bookingId } });
    }));
  if (!row) throw new Error('payment row vanished while being claimed');
  if (!sameAttempt(row, claim, actor)) {
    throw ApplicationFailure.nonRetryable(
      'this booking already has a payment with other details',
      'PaymentConflict',
    );
  }
  return row;
}

export function findPayment(models: PaymentModels, bookingId: string): Promise<Payment | null> {
  return models.Payment.findOne({ where: { booking_id: bookingId } });
}
