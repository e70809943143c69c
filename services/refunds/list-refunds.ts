import { auditingDenials } from '../../lib/audit';
import { assertCan, type Actor } from '../../lib/rbac';
import type { RefundOrigin, RefundsDeps } from './deps';
import type { RefundStatus } from './refund-saga';
import { refundsWithStatus } from './refund-rows';
import { refundView, type RefundView } from './refund-view';

/**
 * `GET /api/v1/refunds?status=…` for approvers (`approve_refunds`): oldest first, at most 100.
 * A caller without the permission is refused and audited as `authz.access_denied` (SEC-LOG-03).
 */
export function listRefunds(
  deps: RefundsDeps,
  actor: Actor,
  status: RefundStatus,
  origin: RefundOrigin,
): Promise<RefundView[]> {
  const action = 'refunds.list';
  return auditingDenials(
    { audit: deps.audit, actor, origin, resource: { type: 'service', id: action }, action },
    async () => {
      assertCan(actor, 'approve_refunds');
      return (await refundsWithStatus(deps.sequelize, status)).map(refundView);
    },
  );
}
