import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { Op, type Sequelize } from 'sequelize';
import { identityModels } from '../../db/models/identity';
import { permissionsOf, ROLES } from '../../lib/rbac';
import { isPlainEmailAddress } from '../../lib/text/email-address';
import { findRefund } from '../../services/refunds/refund-rows';
import { outboxRowId, queueOutboxOnce } from './queue-outbox-once';

export interface RefundEscalation {
  refundId: string;
  /** How long the request has waited without a decision (the workflow's escalation delay). */
  waitedSeconds: number;
}

export interface RefundEscalationDeps {
  /** App role with the keyring attached (users' emails and the outbox are encrypted). */
  sequelize: Sequelize;
  /** config api.publicUrl: the mail links to the approvers' list of pending refunds. */
  publicUrl: string;
}

// Whoever the refund workflow lets decide: a PLATFORM_ADMIN (its validator) holding approve_refunds.
const DECIDER_ROLES = ROLES.filter(
  (role) => role === 'PLATFORM_ADMIN' && permissionsOf(role).includes('approve_refunds'),
);

/**
 * `queueRefundEscalationEmails` (notify pool, SEC-PAY-04 escalation): one outbox row per person
 * who can decide the refund, every platform admin with a verified address but the requester,
 * each keyed by (refund, admin) so a retried attempt queues nobody twice. Only ids leave this
 * activity (the outbox row ids the workflow then delivers); addresses stay in the database.
 */
export function createRefundEscalationEmails({ sequelize, publicUrl }: RefundEscalationDeps) {
  const { User, EmailOutbox } = identityModels(sequelize);
  return async function queueRefundEscalationEmails(input: RefundEscalation): Promise<string[]> {
    const refund = await findRefund(sequelize, input.refundId);
    if (!refund) throw ApplicationFailure.nonRetryable('no such refund request', 'RefundRowMismatch');
    if (refund.status !== 'pending') return [];
    const approvers = await User.findAll({
      where: {
        role: DECIDER_ROLES,
        id: { [Op.ne]: refund.requested_by },
        email_verified_at: { [Op.ne]: null },
      },
      attributes: ['id', 'email'],
      order: [['id', 'ASC']],
    });
    const values = {
      refundId: refund.id,
      bookingId: refund.booking_id,
      amountMinor: Number(refund.amount_minor),
      currency: refund.currency,
      reason: refund.reason,
      waitedSeconds: input.waitedSeconds,
      link: `${publicUrl}/api/v1/refunds?status=pending`,
    };
    const outboxIds: string[] = [];
    for (const approver of approvers) {
      // An erased account keeps no address; a malformed one would only fail its delivery.
      if (!isPlainEmailAddress(approver.email)) continue;
      const id = outboxRowId('refund_escalated', refund.id, approver.id);
      await queueOutboxOnce(EmailOutbox, id, 'refund_escalated', approver.email, values);
      outboxIds.push(id);
    }
    log.info('refund escalation queued', { refundId: refund.id, approvers: outboxIds.length });
    return outboxIds;
  };
}
