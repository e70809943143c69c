import { randomUUID } from 'node:crypto';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { errors } from '../../lib/errors';
import type { RefundReason, RefundStatus } from './refund-saga';
import { findRefundByKey, insertRefund, type RefundRow } from './refund-rows';

export interface RefundReservation {
  bookingId: string;
  requesterId: string;
  idempotencyKey: string;
  workflowId: string;
  amountMinor: number;
  reason: RefundReason;
  thresholdMinor: number;
}

/** Requests whose amount is still held back: issued ones are in `payments.refunded_minor` instead. */
const RESERVING: readonly RefundStatus[] = ['pending', 'approved'];

export interface RefundablePayment {
  id: string;
  currency: string;
  capturedMinor: number;
  /** Captured − refunded − what pending and approved requests hold: never below 0. */
  refundable: number;
  /**
   * What booking changes charged on PaymentIntents of their own and kept (issue 18.2): a
   * cancellation gives it back with the rest; a refund request refunds the booking's payment only.
   */
  changeChargesMinor: number;
}

/**
 * The booking's payment row, locked (`FOR UPDATE`) for the rest of `transaction`, and what can
 * still be refunded of it; undefined when nothing was paid. Refund requests and cancellation
 * quotes both read it here, so neither can promise money the other already holds.
 */
export async function lockedRefundable(
  sequelize: Sequelize,
  bookingId: string,
  transaction: Transaction,
): Promise<RefundablePayment | undefined> {
  const [payment] = await sequelize.query<{
    id: string;
    captured_minor: string;
    refunded_minor: string;
    currency: string;
  }>('SELECT id, captured_minor, refunded_minor, currency FROM payments WHERE booking_id = $1 FOR UPDATE', {
    bind: [bookingId],
    type: QueryTypes.SELECT,
    transaction,
  });
  if (!payment) return undefined;
  // A confirmed cancellation quote holds its refund until the booking workflow has issued it.
  const [held] = await sequelize.query<{ reserved: string }>(
    `SELECT (SELECT COALESCE(sum(amount_minor), 0) FROM refund_requests
              WHERE payment_id = $1 AND status = ANY($2::text[]))
          + (SELECT COALESCE(sum(refund_minor), 0) FROM cancellation_quotes
              WHERE booking_id = $3 AND status = 'confirmed') AS reserved`,
    { bind: [payment.id, [...RESERVING], bookingId], type: QueryTypes.SELECT, transaction },
  );
  const [charges] = await sequelize.query<{ kept: string }>(
    `SELECT COALESCE(sum(amount_minor), 0) AS kept FROM booking_change_charges
      WHERE booking_id = $1 AND status = 'succeeded'`,
    { bind: [bookingId], type: QueryTypes.SELECT, transaction },
  );
  const captured = Number(payment.captured_minor);
  const refundable = captured - Number(payment.refunded_minor) - Number(held?.reserved ?? 0);
  return {
    id: payment.id,
    currency: payment.currency,
    capturedMinor: captured,
    refundable: Math.max(0, refundable),
    changeChargesMinor: Number(charges?.kept ?? 0),
  };
}

/**
 * The request's row, reserving its amount (SEC-PAY-04 "never more than captured"): in one
 * transaction the booking's payment row is locked (`FOR UPDATE`), so requests on one booking
 * queue here one at a time, and the amount must fit in captured − refunded − what pending and
 * approved requests hold. The same (requester, key) finds the row it wrote, reserving nothing.
 */
export async function reserveRefund(
  sequelize: Sequelize,
  r: RefundReservation,
): Promise<{ row: RefundRow; created: boolean }> {
  return sequelize.transaction(async (transaction) => {
    const payment = await lockedRefundable(sequelize, r.bookingId, transaction);
    if (!payment) throw errors.conflict('NOTHING_CAPTURED', 'Nothing was paid for this booking');
    const existing = await findRefundByKey(sequelize, r.requesterId, r.idempotencyKey, transaction);
    if (existing) {
      if (existing.booking_id !== r.bookingId || existing.amount_minor !== r.amountMinor) {
        throw errors.unprocessable(
          'IDEMPOTENCY_KEY_MISMATCH',
          'This key was used for another refund request',
        );
      }
      return { row: existing, created: false };
    }
    const { refundable } = payment;
    if (r.amountMinor > refundable) {
      throw errors.conflict(
        'REFUND_EXCEEDS_REFUNDABLE',
        `At most ${Math.max(0, refundable)} (minor units) can still be refunded for this booking`,
      );
    }
    const row = await insertRefund(
      sequelize,
      {
        id: randomUUID(),
        bookingId: r.bookingId,
        paymentId: payment.id,
        requesterId: r.requesterId,
        idempotencyKey: r.idempotencyKey,
        workflowId: r.workflowId,
        amountMinor: r.amountMinor,
        currency: payment.currency,
        reason: r.reason,
        fourEyes: r.amountMinor > r.thresholdMinor,
      },
      transaction,
    );
    return { row, created: true };
  });
}

/** A request whose workflow could not be started gives its reservation back. */
export async function abandonRefund(sequelize: Sequelize, id: string): Promise<void> {
  await sequelize.query(
    "UPDATE refund_requests SET status = 'failed', updated_at = now() WHERE id = $1 AND status = 'pending'",
    {
      bind: [id],
    },
  );
}
