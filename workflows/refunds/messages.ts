import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type * as saga from '../../services/refunds/refund-saga';

export type {
  RefundApproval,
  RefundDenial,
  RefundState,
  RefundStatus,
  RefundWorkflowInput,
} from '../../services/refunds/refund-saga';

// The refund's messages, typed by their definitions in services/refunds/refund-saga.ts: a name
// that differs from the one there does not compile.
export const refundStateQuery: typeof saga.refundStateQuery = defineQuery('refundState');
export const approveRefundUpdate: typeof saga.approveRefundUpdate = defineUpdate('approveRefund');
export const denyRefundUpdate: typeof saga.denyRefundUpdate = defineUpdate('denyRefund');
