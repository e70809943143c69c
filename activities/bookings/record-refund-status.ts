import { ApplicationFailure } from '@temporalio/common';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { RefundStatus } from '../../services/refunds/refund-saga';

export interface RecordRefundStatus {
  refundId: string;
  status: Exclude<RefundStatus, 'pending'>;
  /** The approver who approved or denied; absent for the workflow's own expiry and outcomes. */
  decidedBy?: string;
  decisionReason?: string;
}

/** The statuses each one may follow: a retried write finds its own status and changes nothing. */
const FROM: Record<RecordRefundStatus['status'], readonly RefundStatus[]> = {
  approved: ['pending'],
  denied: ['pending'],
  expired: ['pending'],
  issued: ['approved'],
  failed: ['approved'],
};

/**
 * The refund row's status (bookings pool), moved only forward along FROM. A row in neither the
 * status before nor the one asked for means the workflow and the row disagree: not retried.
 */
export function createRecordRefundStatus({ sequelize }: { sequelize: Sequelize }) {
  return async function recordRefundStatus(input: RecordRefundStatus): Promise<void> {
    const rows = await sequelize.query<{ status: RefundStatus }>(
      `UPDATE refund_requests
          SET status = $2,
              decided_by = COALESCE($3, decided_by),
              decision_reason = COALESCE($4, decision_reason),
              updated_at = now()
        WHERE id = $1 AND status = ANY($5::text[])
        RETURNING status`,
      {
        bind: [
          input.refundId,
          input.status,
          input.decidedBy ?? null,
          input.decisionReason ?? null,
          [...FROM[input.status]],
        ],
        type: QueryTypes.SELECT,
      },
    );
    if (rows.length > 0) return;
    const [current] = await sequelize.query<{ status: RefundStatus }>(
      'SELECT status FROM refund_requests WHERE id = $1',
      { bind: [input.refundId], type: QueryTypes.SELECT },
    );
    if (current?.status === input.status) return;
    throw ApplicationFailure.nonRetryable(
      `refund ${input.refundId} is ${current?.status ?? 'missing'}, not one of ${FROM[input.status].join(', ')}`,
      'RefundRowMismatch',
    );
  };
}
