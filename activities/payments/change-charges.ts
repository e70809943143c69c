import { ApplicationFailure } from '@temporalio/common';
import type Stripe from 'stripe';
import type { Actor } from '../../lib/rbac';
import type { PaymentActivityDeps } from './payment-activities';
import {
  assertAmount,
  assertMay,
  assertOwnsOrStaff,
  assertUuid,
  findPayment,
  paymentNotFound,
} from './payment-rows';
import { failureCodeOf, idempotencyKeys, isStripeError, stripeFailure } from './stripe-requests';

export interface ChangeChargeInput {
  actor: Actor;
  bookingId: string;
  /** The accepted change offer: its id keys the charge (`booking/<id>/change/<offerId>/charge`). */
  offerId: string;
  amountMinor: number;
}

export type ChangeChargeResult = { outcome: 'charged' } | { outcome: 'declined'; failureCode: string };

/*
 * Issue 18.2: a booking change that costs more is charged the difference on a PaymentIntent of
 * its own, with the card the booking was paid with, captured at once (the supplier already holds
 * the new inventory); taken back when the change fails after it. Both keyed by the offer id, so a
 * retried activity charges and refunds once.
 */
export function changeChargeActivities({ stripe, models }: PaymentActivityDeps) {
  const { BookingChangeCharge } = models;
  return {
    async chargeChangeDifference(input: ChangeChargeInput): Promise<ChangeChargeResult> {
      assertMay(input.actor, ['book']);
      assertUuid(input.bookingId, 'bookingId');
      assertUuid(input.offerId, 'offerId');
      assertAmount(input.amountMinor);
      const payment = await findPayment(models, input.bookingId);
      if (!payment) throw paymentNotFound();
      assertOwnsOrStaff(input.actor, payment.user_id);
      const [row] = await BookingChangeCharge.findOrCreate({
        where: { id: input.offerId },
        defaults: {
          id: input.offerId,
          booking_id: input.bookingId,
          amount_minor: input.amountMinor,
          currency: payment.currency,
          status: 'creating',
        },
      });
      if (row.booking_id !== input.bookingId || row.amount_minor !== input.amountMinor) {
        throw ApplicationFailure.nonRetryable('the offer was charged for another amount', 'InvalidInput');
      }
      if (row.status === 'succeeded') return { outcome: 'charged' };
      let intent: Stripe.PaymentIntent;
      try {
        intent = await stripe.paymentIntents.create(
          {
            amount: row.amount_minor,
            currency: row.currency.toLowerCase(),
            payment_method: payment.stripe_payment_method_id,
            payment_method_types: ['card'],
            confirm: true,
            metadata: { booking_id: row.booking_id, change_offer_id: row.id },
          } as Stripe.PaymentIntentCreateParams,
          { idempotencyKey: idempotencyKeys.changeCharge(row.booking_id, row.id) },
        );
      } catch (err) {
        if (!isStripeError(err) || err.type !== 'StripeCardError') throw stripeFailure(err, 'charge change');
        row.set({ status: 'declined' });
        await row.save();
        return {
          outcome: 'declined',
          failureCode: failureCodeOf(err.decline_code, err.code) ?? 'card_declined',
        };
      }
      row.stripe_payment_intent_id = intent.id;
      if (intent.status !== 'succeeded') {
        // A challenge cannot be met off-session: the change is refused, nothing was taken.
        await stripe.paymentIntents.cancel(intent.id, undefined, {
          idempotencyKey: `${idempotencyKeys.changeCharge(row.booking_id, row.id)}/cancel`,
        });
        row.set({ status: 'declined' });
        await row.save();
        return {
          outcome: 'declined',
          failureCode: failureCodeOf(intent.last_payment_error?.code) ?? intent.status,
        };
      }
      row.set({ status: 'succeeded' });
      await row.save();
      return { outcome: 'charged' };
    },

    /**
     * A cancellation's refund, its first part: the charges of the booking's changes, newest
     * first, up to `upToMinor`; the rest comes from the booking's own payment. The shares are
     * computed from the charges' amounts alone, so a retried attempt sends the same refunds.
     */
    async refundChangeCharges(input: {
      actor: Actor;
      bookingId: string;
      upToMinor: number;
    }): Promise<{ refundedMinor: number }> {
      assertMay(input.actor, ['cancel_booking', 'request_refund', 'approve_refunds']);
      assertUuid(input.bookingId, 'bookingId');
      assertAmount(input.upToMinor);
      const rows = await BookingChangeCharge.findAll({
        where: { booking_id: input.bookingId, status: 'succeeded' },
        order: [
          ['created_at', 'DESC'],
          ['id', 'DESC'],
        ],
      });
      let left = input.upToMinor;
      for (const row of rows) {
        const share = Math.min(left, row.amount_minor);
        if (share <= 0) break;
        if (row.cancellation_refunded_minor < share) {
          let refund: Stripe.Refund;
          try {
            refund = await stripe.refunds.create(
              { payment_intent: row.stripe_payment_intent_id!, amount: share },
              { idempotencyKey: idempotencyKeys.changeChargeCancellationRefund(row.booking_id, row.id) },
            );
          } catch (err) {
            throw stripeFailure(err, 'refund change charge');
          }
          row.set({ cancellation_refunded_minor: share });
          row.cancellation_refund_id = refund.id;
          await row.save();
        }
        left -= share;
      }
      return { refundedMinor: input.upToMinor - left };
    },

    /** The compensation: a change that failed after its charge gives the charge back, once. */
    async refundChangeCharge(input: Omit<ChangeChargeInput, 'amountMinor'>): Promise<{ refunded: number }> {
      assertMay(input.actor, ['book']);
      assertUuid(input.offerId, 'offerId');
      const row = await BookingChangeCharge.findByPk(input.offerId);
      if (!row || row.booking_id !== input.bookingId) return { refunded: 0 };
      if (row.status !== 'succeeded' && row.status !== 'refunded') return { refunded: 0 };
      if (row.status === 'succeeded') {
        let refund: Stripe.Refund;
        try {
          refund = await stripe.refunds.create(
            { payment_intent: row.stripe_payment_intent_id!, amount: row.amount_minor },
            { idempotencyKey: idempotencyKeys.changeChargeRefund(row.booking_id, row.id) },
          );
        } catch (err) {
          throw stripeFailure(err, 'refund change charge');
        }
        row.set({ status: 'refunded' });
        row.undo_refund_id = refund.id;
        await row.save();
      }
      return { refunded: row.amount_minor };
    },
  };
}
