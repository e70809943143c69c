import type { Sequelize } from 'sequelize';
import { createAuditWriter } from '../lib/audit';
import { config } from '../lib/config';
import { keyringFromConfig, type Keyring } from '../lib/crypto';
import { createAuditActivities } from './audit/audit-activities';
import { ping } from './health/health-activities';
import { createNotifyActivities } from './notify/notify-activities';
import { createOutboxActivities } from './notify/deliver-outbox-email';
import type { SmtpTransport } from '../lib/clients/smtp';

export interface NotifyPoolDeps {
  transport: SmtpTransport;
  from: string;
  /** The app role: audit rows are only ever inserted (SEC-LOG-04). */
  sequelize: Sequelize;
  /** Decrypts the accounts' email outbox; defaults to the process keyring from config. */
  keyring?: Keyring;
}

/**
 * Everything the notify pool registers (workers/notify.ts): email (the accounts' outbox too, so it
 * holds the PII key), the audit write and a ping.
 * Workflows proxy exactly this type, so a step they call is one the pool runs.
 */
export function createNotifyPoolActivities({ transport, from, sequelize, keyring }: NotifyPoolDeps) {
  return {
    ping,
    ...createNotifyActivities({ transport, from }),
    ...createOutboxActivities({
      sequelize,
      keyring: keyring ?? keyringFromConfig(config(), sequelize),
      transport,
      from,
    }),
    ...createAuditActivities({ writer: createAuditWriter(sequelize) }),
  };
}

export type NotifyPoolActivities = ReturnType<typeof createNotifyPoolActivities>;
