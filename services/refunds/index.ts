export type { RefundOrigin, RefundsDeps, StepUpProof } from './deps';
export { approveRefund, denyRefund } from './decide-refund';
export { listRefunds } from './list-refunds';
export { refundWorkflowId, requestRefund, type RefundRequestBody } from './request-refund';
export { REFUND_REASONS, type RefundReason, type RefundStatus } from './refund-saga';
export type { RefundView } from './refund-view';
