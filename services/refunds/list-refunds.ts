import { assertCan, type Actor } from '../../lib/rbac';
import type { RefundsDeps } from './deps';
import type { RefundStatus } from './refund-saga';
import { refundsWithStatus } from './refund-rows';
import { refundView, type RefundView } from './refund-view';

/** `GET /api/v1/refunds?status=…` for approvers (`approve_refunds`): oldest first, at most 100. */
export async function listRefunds(
  deps: RefundsDeps,
  actor: Actor,
  status: RefundStatus,
): Promise<RefundView[]> {
  assertCan(actor, 'approve_refunds');
  return (await refundsWithStatus(deps.sequelize, status)).map(refundView);
}
