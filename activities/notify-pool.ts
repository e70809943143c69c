import type { Sequelize } from 'sequelize';
import { createAuditWriter } from '../lib/audit';
import { config } from '../lib/config';
import { keyringFromConfig, type Keyring } from '../lib/crypto';
import { createAuditActivities } from './audit/audit-activities';
import { ping } from './health/health-activities';
import { createNotifyActivities } from './notify/notify-activities';
import { createOutboxActivities } from './notify/deliver-outbox-email';
import { createReconciliationSummaryEmail } from './notify/reconciliation-summary-email';
import { createRefundEscalationEmails } from './notify/refund-escalation-email';
import type { SmtpTransport } from '../lib/clients/smtp';

export interface NotifyPoolDeps {
  transport: SmtpTransport;
  from: string;
  /** The app role: audit rows are only ever inserted (SEC-LOG-04). */
  sequelize: Sequelize;
  /** Decrypts the accounts' email outbox; defaults to the process keyring from config. */
  keyring?: Keyring;
  /** Links in mails start here; defaults to config api.publicUrl. */
  publicUrl?: string;
  /** The daily reconciliation summary's mailbox; defaults to config reconciliation.reportTo. */
  reconciliationReportTo?: string;
}

/**
 * Everything the notify pool registers (workers/notify.ts): email (the accounts' outbox too, so it
 * holds the PII key, and the refund escalation and reconciliation summary rows it queues itself),
 * the audit write and a ping.
 * Workflows proxy exactly this type, so a step they call is one the pool runs.
 */
export function createNotifyPoolActivities(deps: NotifyPoolDeps) {
  const { transport, from, sequelize, keyring } = deps;
  const publicUrl = deps.publicUrl ?? config().api.publicUrl;
  return {
    ping,
    ...createNotifyActivities({ transport, from }),
    ...createOutboxActivities({
      sequelize,
      keyring: keyring ?? keyringFromConfig(config(), sequelize),
      transport,
      from,
    }),
    queueRefundEscalationEmails: createRefundEscalationEmails({ sequelize, publicUrl }),
    queueReconciliationSummary: createReconciliationSummaryEmail({
      sequelize,
      publicUrl,
      reportTo: deps.reconciliationReportTo ?? config().reconciliation.reportTo,
    }),
    ...createAuditActivities({ writer: createAuditWriter(sequelize) }),
  };
}

export type NotifyPoolActivities = ReturnType<typeof createNotifyPoolActivities>;
