import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { RefundReason, RefundStatus } from './refund-saga';

export interface RefundRow {
  id: string;
  booking_id: string;
  payment_id: string;
  requested_by: string;
  workflow_id: string;
  amount_minor: number;
  currency: string;
  reason: RefundReason;
  four_eyes: boolean;
  status: RefundStatus;
  created_at: Date;
}

export const REFUND_COLUMNS =
  'id, booking_id, payment_id, requested_by, workflow_id, amount_minor::int AS amount_minor, currency, ' +
  'reason, four_eyes, status, created_at';

/** One refund request by id, or null. */
export async function findRefund(sequelize: Sequelize, id: string): Promise<RefundRow | null> {
  const [row] = await sequelize.query<RefundRow>(
    `SELECT ${REFUND_COLUMNS} FROM refund_requests WHERE id = $1`,
    {
      bind: [id],
      type: QueryTypes.SELECT,
    },
  );
  return row ?? null;
}

/** The request a requester made with an Idempotency-Key, or null. */
export async function findRefundByKey(
  sequelize: Sequelize,
  requesterId: string,
  key: string,
  transaction: Transaction,
): Promise<RefundRow | null> {
  const [row] = await sequelize.query<RefundRow>(
    `SELECT ${REFUND_COLUMNS} FROM refund_requests WHERE requested_by = $1 AND idempotency_key = $2`,
    { bind: [requesterId, key], type: QueryTypes.SELECT, transaction },
  );
  return row ?? null;
}

/** Requests in one status, oldest first, at most 100. */
export async function refundsWithStatus(sequelize: Sequelize, status: RefundStatus): Promise<RefundRow[]> {
  return sequelize.query<RefundRow>(
    `SELECT ${REFUND_COLUMNS} FROM refund_requests WHERE status = $1 ORDER BY created_at, id LIMIT 100`,
    { bind: [status], type: QueryTypes.SELECT },
  );
}

export interface NewRefund {
  id: string;
  bookingId: string;
  paymentId: string;
  requesterId: string;
  idempotencyKey: string;
  workflowId: string;
  amountMinor: number;
  currency: string;
  reason: RefundReason;
  fourEyes: boolean;
}

/** A pending request's row; the caller holds the payment row's lock (reserve-refund.ts). */
export async function insertRefund(
  sequelize: Sequelize,
  r: NewRefund,
  transaction: Transaction,
): Promise<RefundRow> {
  const [row] = await sequelize.query<RefundRow>(
    `INSERT INTO refund_requests
       (id, booking_id, payment_id, requested_by, idempotency_key, workflow_id, amount_minor, currency,
        reason, four_eyes, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending')
     RETURNING ${REFUND_COLUMNS}`,
    {
      bind: [
        r.id,
        r.bookingId,
        r.paymentId,
        r.requesterId,
        r.idempotencyKey,
        r.workflowId,
        r.amountMinor,
        r.currency,
        r.reason,
        r.fourEyes,
      ],
      type: QueryTypes.SELECT,
      transaction,
    },
  );
  return row!;
}
