import {
  ActivityFailure,
  condition,
  log,
  patched,
  proxyActivities,
  setHandler,
  type ActivityOptions,
  type RetryPolicy,
} from '@temporalio/workflow';
import type { BookingsPoolActivities } from '../../activities/bookings-pool';
import type { NotifyPoolActivities } from '../../activities/notify-pool';
import type { PaymentsPoolActivities } from '../../activities/payments-pool';
import {
  approveRefundUpdate,
  denyRefundUpdate,
  refundStateQuery,
  type RefundApproval,
  type RefundDenial,
  type RefundState,
  type RefundWorkflowInput,
} from './messages';
import { refundEvent } from './refund-audit';

const RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
};
const REASON_CODE = /^[a-z0-9_]{1,64}$/;

function activities(queues: RefundWorkflowInput['queues']) {
  const rows: Omit<ActivityOptions, 'taskQueue'> = {
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: '1 hour',
    retry: { ...RETRY, nonRetryableErrorTypes: ['RefundRowMismatch', 'InvalidAuditEvent'] },
  };
  return {
    bookings: proxyActivities<BookingsPoolActivities>({ ...rows, taskQueue: queues.bookings }),
    notify: proxyActivities<NotifyPoolActivities>({ ...rows, taskQueue: queues.notify }),
    payments: proxyActivities<PaymentsPoolActivities>({
      taskQueue: queues.payments,
      startToCloseTimeout: '30 seconds',
      scheduleToCloseTimeout: '5 minutes',
      retry: RETRY,
    }),
  };
}

type Decision = { kind: 'approve'; by: RefundApproval } | { kind: 'deny'; by: RefundDenial };

/** Who may decide (SEC-PAY-04): `approve_refunds` is PLATFORM_ADMIN's; above the threshold four eyes. */
function assertMayDecide(
  input: RefundWorkflowInput,
  approval: RefundApproval | RefundDenial,
  state: RefundState,
) {
  if (state.status !== 'pending') throw new Error(`a ${state.status} refund cannot be decided`);
  if (approval?.approver?.role !== 'PLATFORM_ADMIN') throw new Error('only a platform admin decides refunds');
  if (input.fourEyes && approval.approver.id === input.requester.id) {
    throw new Error('above the threshold the requester cannot decide their own refund');
  }
}

/**
 * A refund request (SEC-PAY-04), in the manner of an expense approval: it waits for a decision,
 * sent as an Update whose validator refuses a decider without the right (PLATFORM_ADMIN; above
 * the threshold another than the requester, with MFA step-up). No decision within
 * `escalateAfterMs` escalates (`refund.escalated`, and a mail to every other platform admin who
 * can decide); none within `decisionTimeoutMs` expires the request and releases its amount. An
 * approval issues the Stripe refund through the payments pool's `refundPayment` (key
 * `refund/<refundId>`, SEC-PAY-02) and audits `refund.issued`.
 */
export async function refundWorkflow(input: RefundWorkflowInput): Promise<RefundState> {
  const a = activities(input.queues);
  const state: RefundState = { refundId: input.refundId, status: 'pending', escalated: false };
  const decision: { made: Decision | null } = { made: null };
  let settled = false;

  setHandler(refundStateQuery, () => ({ ...state }));
  setHandler(
    approveRefundUpdate,
    async (approval) => {
      decision.made = { kind: 'approve', by: approval };
      state.status = 'approved';
      await condition(() => settled);
      return { ...state };
    },
    {
      validator(approval) {
        assertMayDecide(input, approval, state);
        if (input.fourEyes && approval.steppedUp !== true) {
          throw new Error('above the threshold the approval needs an MFA step-up');
        }
      },
    },
  );
  setHandler(
    denyRefundUpdate,
    async (denial) => {
      decision.made = { kind: 'deny', by: denial };
      state.status = 'denied';
      await condition(() => settled);
      return { ...state };
    },
    {
      validator(denial) {
        assertMayDecide(input, denial, state);
        if (typeof denial.reason !== 'string' || !REASON_CODE.test(denial.reason)) {
          throw new Error('a denial needs a reason code');
        }
      },
    },
  );

  const { escalateAfterMs, decisionTimeoutMs } = input.timeouts;
  let approversTold: Promise<void> = Promise.resolve();
  if (!(await condition(() => decision.made !== null, Math.min(escalateAfterMs, decisionTimeoutMs)))) {
    state.escalated = true;
    const waitedSeconds = Math.round(escalateAfterMs / 1000);
    await a.notify.writeAudit(refundEvent(input, { type: 'refund.escalated', waitedSeconds }));
    // Runs while the request waits on; a run started before this mail existed replays without it.
    if (escalateAfterMs < decisionTimeoutMs && patched('refund-escalation-email')) {
      approversTold = tellApprovers(input, a, waitedSeconds);
    }
    await condition(() => decision.made !== null, Math.max(0, decisionTimeoutMs - escalateAfterMs));
  }
  const decided = decision.made;
  if (!decided) {
    state.status = 'expired';
    await a.bookings.recordRefundStatus({ refundId: input.refundId, status: 'expired' });
    await a.notify.writeAudit(refundEvent(input, { type: 'refund.expired' }));
  } else if (decided.kind === 'deny') {
    await a.bookings.recordRefundStatus({
      refundId: input.refundId,
      status: 'denied',
      decidedBy: decided.by.approver.id,
      decisionReason: decided.by.reason,
    });
  } else {
    await a.bookings.recordRefundStatus({
      refundId: input.refundId,
      status: 'approved',
      decidedBy: decided.by.approver.id,
    });
    state.status = await issue(input, a, decided.by);
  }
  settled = true;
  await approversTold;
  return { ...state };
}

/**
 * The escalation's notice: the notify pool queues one outbox row per admin who can decide (not
 * the requester), keyed by refund and admin, and each is delivered on its own. Only ids pass
 * through here. A mail that cannot be sent is logged; it never fails or delays the decision.
 */
async function tellApprovers(
  input: RefundWorkflowInput,
  a: ReturnType<typeof activities>,
  waitedSeconds: number,
): Promise<void> {
  try {
    const outboxIds = await a.notify.queueRefundEscalationEmails({ refundId: input.refundId, waitedSeconds });
    const sent = await Promise.allSettled(outboxIds.map((id) => a.notify.deliverOutboxEmail(id)));
    const failed = sent.filter((r) => r.status === 'rejected').length;
    if (failed > 0) log.warn('refund escalation mail not delivered', { refundId: input.refundId, failed });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    log.warn('refund escalation not mailed', {
      refundId: input.refundId,
      error: err.cause?.message ?? err.message,
    });
  }
}

async function issue(
  input: RefundWorkflowInput,
  a: ReturnType<typeof activities>,
  approval: RefundApproval,
): Promise<'issued' | 'failed'> {
  let status: 'issued' | 'failed' = 'issued';
  let refundStatus = 'failed';
  try {
    const result = await a.payments.refundPayment({
      actor: approval.approver,
      bookingId: input.bookingId,
      refundId: input.refundId,
      amountMinor: input.amountMinor,
    });
    refundStatus = result.status;
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    log.warn('refund not issued', { refundId: input.refundId, error: err.cause?.message ?? err.message });
    status = 'failed';
  }
  await a.bookings.recordRefundStatus({ refundId: input.refundId, status });
  await a.notify.writeAudit(refundEvent(input, { type: 'refund.issued', refundStatus }));
  return status;
}
