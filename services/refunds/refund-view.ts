import type { RefundRow } from './refund-rows';
import type { RefundReason, RefundStatus } from './refund-saga';

/** A refund request as the API answers it: ids, amount, reason, status; nothing about the card. */
export interface RefundView {
  id: string;
  bookingId: string;
  amountMinor: number;
  currency: string;
  reason: RefundReason;
  status: RefundStatus;
  /** Above the threshold: a second PLATFORM_ADMIN approves, with MFA step-up. */
  fourEyes: boolean;
  requestedBy: string;
  createdAt: string;
}

export function refundView(row: RefundRow): RefundView {
  return {
    id: row.id,
    bookingId: row.booking_id,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    reason: row.reason,
    status: row.status,
    fourEyes: row.four_eyes,
    requestedBy: row.requested_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
