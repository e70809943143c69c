import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Sequelize } from 'sequelize';
import { attachKeyring } from '../../db/encrypted';
import { identityModels } from '../../db/models/identity';
import type { Keyring } from '../../lib/crypto';
import type { SmtpTransport } from '../../lib/clients/smtp';
import { isEmailTemplate, renderEmail } from './outbox-templates';

// One plain address, as send-email.ts accepts: no display name, list or comment to smuggle headers in.
const PLAIN_ADDRESS =
  /^[^\s@<>(),;:"\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export interface OutboxDeps {
  /** App-role connection; the keyring is attached to it here (recipient and payload are encrypted). */
  sequelize: Sequelize;
  keyring: Keyring;
  transport: SmtpTransport;
  from: string;
}

export interface OutboxDelivery {
  messageId: string;
  /** False when the row had already been sent by an earlier attempt. */
  sentNow: boolean;
}

/** Deterministic per row, so a resend after a crash carries the same Message-ID and receivers drop it. */
export function outboxMessageId(outboxId: string): string {
  return `<outbox-${outboxId}@travelhub>`;
}

/**
 * Sends one email_outbox row: reads and decrypts it, renders its template, sends it with the row's
 * Message-ID, then marks it sent and wipes its payload (the links with tokens). A row already
 * marked sent is not sent again, so a retried activity never sends twice once a send was
 * recorded; a crash between the SMTP answer and the mark resends with the same Message-ID.
 */
export function createOutboxActivities(deps: OutboxDeps) {
  attachKeyring(deps.sequelize, deps.keyring);
  const { EmailOutbox } = identityModels(deps.sequelize);
  return {
    async deliverOutboxEmail(outboxId: string): Promise<OutboxDelivery> {
      const messageId = outboxMessageId(outboxId);
      const row = await EmailOutbox.findByPk(outboxId);
      if (!row) throw ApplicationFailure.nonRetryable('no such outbox row', 'OutboxRowMissing');
      if (row.status === 'sent') return { messageId: row.message_id ?? messageId, sentNow: false };
      if (!isEmailTemplate(row.template) || row.payload === null) {
        throw ApplicationFailure.nonRetryable('outbox row cannot be rendered', 'OutboxRowMissing');
      }
      if (!PLAIN_ADDRESS.test(row.recipient) || row.recipient.length > 254) {
        throw ApplicationFailure.nonRetryable('recipient must be one plain email address', 'InvalidEmail');
      }
      const { subject, text } = renderEmail(row.template, JSON.parse(row.payload) as never);
      const sent = await deps.transport.sendMail({
        from: deps.from,
        to: row.recipient,
        subject,
        text,
        messageId,
      });
      if (sent.rejected.length > 0 || sent.accepted.length === 0) {
        throw ApplicationFailure.nonRetryable('the relay refused the recipient', 'EmailRejected');
      }
      row.set({ status: 'sent', message_id: messageId, sent_at: new Date(), payload: null });
      await row.save();
      log.info('outbox email sent', { messageId, template: row.template });
      return { messageId, sentNow: true };
    },
  };
}

export type OutboxActivities = ReturnType<typeof createOutboxActivities>;
