import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../../lib/rbac';
import type { TaskQueues } from '../../lib/temporal/task-queues';

/**
 * The refund workflow's contract (workflows/refunds/refund.ts): what the refund services start it
 * with, ask it and tell it. The workflow restates each message typed by the definitions below,
 * so the compiler holds their names equal (workflow code imports only types from below).
 */

/** Why a refund is asked for (SEC-PAY-04: a reason code is required). */
export const REFUND_REASONS = [
  'customer_request',
  'duplicate',
  'fraudulent',
  'service_failure',
  'goodwill',
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/** The row's life: pending → approved → issued (or failed); pending → denied or expired. */
export type RefundStatus = 'pending' | 'approved' | 'issued' | 'denied' | 'expired' | 'failed';

export interface RefundWorkflowInput {
  refundId: string;
  bookingId: string;
  /** Who asked: the booker or support (ids only). */
  requester: Actor;
  amountMinor: number;
  currency: string;
  reason: RefundReason;
  /** Above the threshold: a PLATFORM_ADMIN other than the requester approves, with MFA step-up. */
  fourEyes: boolean;
  queues: Pick<TaskQueues, 'payments' | 'notify' | 'bookings'>;
  timeouts: {
    /** No decision this long after the request: escalated (`refund.escalated`). */
    escalateAfterMs: number;
    /** No decision this long after the request: expired (`refund.expired`), its amount released. */
    decisionTimeoutMs: number;
  };
}

export interface RefundState {
  refundId: string;
  status: RefundStatus;
  escalated: boolean;
}

/** An approval, sent by the service once it checked the approver (and their step-up when needed). */
export interface RefundApproval {
  approver: Actor;
  /** The service verified a fresh MFA code of the approver for this approval. */
  steppedUp: boolean;
}

export interface RefundDenial {
  approver: Actor;
  /** A reason code (`^[a-z0-9_]{1,64}$`). */
  reason: string;
}

// Plain objects in the shape `defineQuery`/`defineUpdate` return: this floor does not load the
// workflow SDK; the SDK's brands exist only at compile time, hence the casts.
export const refundStateQuery = { type: 'query', name: 'refundState' } as QueryDefinition<
  RefundState,
  [],
  'refundState'
>;
export const approveRefundUpdate = { type: 'update', name: 'approveRefund' } as UpdateDefinition<
  RefundState,
  [RefundApproval],
  'approveRefund'
>;
export const denyRefundUpdate = { type: 'update', name: 'denyRefund' } as UpdateDefinition<
  RefundState,
  [RefundDenial],
  'denyRefund'
>;
