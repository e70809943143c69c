import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { QueryTypes } from 'sequelize';
import { AppError, errors } from '../../lib/errors';
import type { CanonicalIdempotencyKey } from '../../lib/idempotency';
import { can, type Actor } from '../../lib/rbac';
import { BOOKING_ID } from '../../lib/temporal/search-attributes';
import { businessKeyStart } from '../../lib/temporal/start-options';
import type { RefundOrigin, RefundsDeps } from './deps';
import { auditRefundAct } from './refund-audit';
import { REFUND_REASONS, type RefundReason, type RefundWorkflowInput } from './refund-saga';
import { refundView, type RefundView } from './refund-view';
import type { RefundRow } from './refund-rows';
import { abandonRefund, reserveRefund } from './reserve-refund';
import { assertWithinTerms, type TermsRow } from './refund-terms';

export interface RefundRequestBody {
  /** Minor units of the booking's currency. */
  amountMinor: number;
  reason: RefundReason;
}

/** `refund-<bookingId>-<hash>`: one workflow per (requester, Idempotency-Key), never a second. */
export function refundWorkflowId(bookingId: string, requesterId: string, key: string): string {
  const hash = createHash('sha256').update(`${requesterId}:${key}`).digest('hex').slice(0, 32);
  return `refund-${bookingId}-${hash}`;
}

function assertBody(body: RefundRequestBody): void {
  if (!Number.isSafeInteger(body.amountMinor) || body.amountMinor < 1 || body.amountMinor > 99_999_999) {
    throw errors.validation('amountMinor must be a whole number of minor units from 1 to 99999999');
  }
  if (!(REFUND_REASONS as readonly string[]).includes(body.reason)) {
    throw errors.validation(`reason must be one of ${REFUND_REASONS.join(', ')}`);
  }
}

/**
 * The booker's own booking, or any booking for support; anything else is not found. A booker
 * asks within the booking's cancellation terms (issue 17.3): at most what cancelling it now would
 * give back of what was captured; support is bounded only by what is still refundable.
 */
async function assertMayRequest(
  deps: RefundsDeps,
  actor: Actor,
  bookingId: string,
  amountMinor: number,
): Promise<void> {
  const support = can(actor, 'approve_refunds');
  if (!support && !can(actor, 'request_refund')) throw errors.accessDenied();
  const [booking] = await deps.sequelize.query<TermsRow & { user_id: string }>(
    `SELECT b.user_id, b.status, b.cancellation_policy, b.starts_at, p.captured_minor
       FROM bookings b LEFT JOIN payments p ON p.booking_id = b.id WHERE b.id = $1`,
    { bind: [bookingId], type: QueryTypes.SELECT },
  );
  if (!booking || (!support && booking.user_id !== actor.id)) throw errors.notFound('Booking');
  if (!support) assertWithinTerms(booking, amountMinor, new Date());
}

async function startRefundWorkflow(deps: RefundsDeps, actor: Actor, row: RefundRow): Promise<void> {
  const input: RefundWorkflowInput = {
    refundId: row.id,
    bookingId: row.booking_id,
    requester: { id: actor.id, role: actor.role, ...(actor.companyId && { companyId: actor.companyId }) },
    amountMinor: row.amount_minor,
    currency: row.currency,
    reason: row.reason,
    fourEyes: row.four_eyes,
    queues: { payments: deps.queues.payments, notify: deps.queues.notify, bookings: deps.queues.bookings },
    timeouts: {
      escalateAfterMs: deps.settings.escalateAfterSeconds * 1000,
      decisionTimeoutMs: deps.settings.decisionTimeoutSeconds * 1000,
    },
  };
  try {
    await deps.temporal.workflow.start('refundWorkflow', {
      taskQueue: deps.queues.bookings,
      workflowId: row.workflow_id,
      ...businessKeyStart,
      typedSearchAttributes: [{ key: BOOKING_ID, value: row.booking_id }],
      args: [input],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return;
    await abandonRefund(deps.sequelize, row.id);
    throw err;
  }
}

/**
 * `POST /api/v1/bookings/:id/refunds` (SEC-PAY-04): the booker (`request_refund`, own booking) or
 * support (`approve_refunds`, any booking) asks for an amount with a reason code. The amount is
 * reserved under the payment row's lock (reserve-refund.ts), then the refund workflow waits for
 * a decision. Every request, and every refused one, is audited with its actor (SEC-LOG-03).
 */
export async function requestRefund(
  deps: RefundsDeps,
  actor: Actor,
  bookingId: string,
  body: RefundRequestBody,
  key: CanonicalIdempotencyKey,
  origin: RefundOrigin,
): Promise<RefundView> {
  assertBody(body);
  // ISO 4217 XXX ("no currency") until the payment row names it: a refused request has none.
  const details = { amountMinor: body.amountMinor, currency: 'XXX', reason: body.reason };
  let row: RefundRow;
  try {
    await assertMayRequest(deps, actor, bookingId, body.amountMinor);
    ({ row } = await reserveRefund(deps.sequelize, {
      bookingId,
      requesterId: actor.id,
      idempotencyKey: key,
      workflowId: refundWorkflowId(bookingId, actor.id, key),
      amountMinor: body.amountMinor,
      reason: body.reason,
      thresholdMinor: deps.settings.approvalThresholdMinor,
    }));
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      await auditRefundAct(deps, actor, origin, {
        type: 'refund.requested',
        outcome: err.status === 403 || err.status === 404 ? 'denied' : 'failure',
        resource: { type: 'booking', id: bookingId },
        details,
      });
    }
    throw err;
  }
  await startRefundWorkflow(deps, actor, row);
  await auditRefundAct(deps, actor, origin, {
    type: 'refund.requested',
    outcome: 'success',
    resource: { type: 'refund', id: row.id },
    details: { ...details, currency: row.currency, workflowId: row.workflow_id },
  });
  return refundView(row);
}
