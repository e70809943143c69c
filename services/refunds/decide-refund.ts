import { WorkflowUpdateFailedError } from '@temporalio/client';
import { AppError, errors } from '../../lib/errors';
import { assertCan, type Actor } from '../../lib/rbac';
import type { RefundOrigin, RefundsDeps, StepUpProof } from './deps';
import { auditRefundAct } from './refund-audit';
import { approveRefundUpdate, denyRefundUpdate, type RefundState } from './refund-saga';
import { findRefund, type RefundRow } from './refund-rows';

const REASON_CODE = /^[a-z0-9_]{1,64}$/;

const fourEyesRequired = () =>
  new AppError(
    403,
    'REFUND_FOUR_EYES',
    'Above the threshold another platform admin than the requester approves',
  );
const notPending = () => errors.conflict('REFUND_NOT_PENDING', 'This refund was already decided or expired');

async function pendingRefund(deps: RefundsDeps, id: string): Promise<RefundRow> {
  const row = await findRefund(deps.sequelize, id);
  if (!row) throw errors.notFound('Refund');
  if (row.status !== 'pending') throw notPending();
  return row;
}

/** The workflow's validator refusing (already decided, expired meanwhile) is a conflict. */
async function sendDecision(run: () => Promise<RefundState>): Promise<RefundState> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw notPending();
    throw err;
  }
}

/**
 * `POST /api/v1/refunds/:id/approve` (SEC-PAY-04): `approve_refunds`; above the threshold the
 * approver is not the requester and proves a fresh MFA code (services/accounts step-up, its
 * failure limits included). Below it one holder of `approve_refunds` suffices, the requesting
 * admin included: SECURITY.md asks for the second person only above the threshold. The answer
 * comes once the refund is issued (or failed). Refusals are audited as `refund.approved` denied.
 */
export async function approveRefund(
  deps: RefundsDeps,
  actor: Actor,
  refundId: string,
  proof: StepUpProof,
  origin: RefundOrigin,
): Promise<RefundState> {
  let row: RefundRow | null = null;
  try {
    assertCan(actor, 'approve_refunds');
    row = await pendingRefund(deps, refundId);
    if (row.four_eyes) {
      if (actor.id === row.requested_by) throw fourEyesRequired();
      await deps.stepUp(actor, proof, origin);
    }
  } catch (err) {
    if (err instanceof AppError && (err.status === 403 || err.status === 401)) {
      await auditRefundAct(deps, actor, origin, {
        type: 'refund.approved',
        outcome: 'denied',
        resource: { type: 'refund', id: refundId },
        details: row ? { amountMinor: row.amount_minor, currency: row.currency } : {},
      });
    }
    throw err;
  }
  const handle = deps.temporal.workflow.getHandle(row.workflow_id);
  const approver = { id: actor.id, role: actor.role };
  // Audited once the workflow accepted it, before the refund is issued.
  const accepted = await sendDecision(() =>
    handle
      .startUpdate(approveRefundUpdate, {
        args: [{ approver, steppedUp: row.four_eyes }],
        waitForStage: 'ACCEPTED',
      })
      .then(async (update) => {
        await auditRefundAct(deps, actor, origin, {
          type: 'refund.approved',
          outcome: 'success',
          resource: { type: 'refund', id: refundId },
          details: { amountMinor: row.amount_minor, currency: row.currency, approval: row.four_eyes ? 2 : 1 },
        });
        return update.result();
      }),
  );
  return accepted;
}

/**
 * `POST /api/v1/refunds/:id/deny` (SEC-PAY-04): `approve_refunds`, a reason code, audited.
 * Refusals (no permission, the requester deciding above the threshold) are audited as
 * `refund.denied` denied, as approve's are (SEC-LOG-03).
 */
export async function denyRefund(
  deps: RefundsDeps,
  actor: Actor,
  refundId: string,
  reason: string,
  origin: RefundOrigin,
): Promise<RefundState> {
  let row: RefundRow;
  try {
    assertCan(actor, 'approve_refunds');
    if (typeof reason !== 'string' || !REASON_CODE.test(reason)) {
      throw errors.validation('reason must be a code of 1 to 64 lower-case letters, digits or _');
    }
    row = await pendingRefund(deps, refundId);
    if (row.four_eyes && actor.id === row.requested_by) throw fourEyesRequired();
  } catch (err) {
    if (err instanceof AppError && err.status === 403) {
      await auditRefundAct(deps, actor, origin, {
        type: 'refund.denied',
        outcome: 'denied',
        resource: { type: 'refund', id: refundId },
        details: {},
      });
    }
    throw err;
  }
  const handle = deps.temporal.workflow.getHandle(row.workflow_id);
  const state = await sendDecision(() =>
    handle.executeUpdate(denyRefundUpdate, {
      args: [{ approver: { id: actor.id, role: actor.role }, reason }],
    }),
  );
  await auditRefundAct(deps, actor, origin, {
    type: 'refund.denied',
    outcome: 'success',
    resource: { type: 'refund', id: refundId },
    details: { reason },
  });
  return state;
}
