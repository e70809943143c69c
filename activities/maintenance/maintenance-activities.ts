import type { Sequelize } from 'sequelize';
import type { AuditSigner, AuditVerifyKeys } from '../../lib/audit';
import { createAuditCheckpointActivities } from './audit-checkpoint';
import { createAuditRetentionActivities } from './audit-retention';
import { createIdempotencyPurgeActivities } from './idempotency-purge';
import { createWebhookEventPurgeActivities } from './webhook-event-purge';

export interface MaintenanceDeps {
  /** The app role: checkpoints, idempotency and webhook event purges. */
  sequelize: Sequelize;
  /** The owner role: audit retention only. */
  owner: Sequelize;
  /** Signs audit checkpoints (the `audit_signing_key` secret). */
  signer: AuditSigner;
  /** Verify checkpoints before retention cuts at one. */
  auditKeys: AuditVerifyKeys;
  /** Config.stripe.webhookEventRetentionSeconds: how long accepted Stripe event ids are kept. */
  webhookEventRetentionSeconds: number;
}

/** The activities of the scheduled upkeep workflows (tools/schedules/definitions.ts). */
export function createMaintenanceActivities(deps: MaintenanceDeps) {
  return {
    ...createAuditCheckpointActivities({ sequelize: deps.sequelize, signer: deps.signer }),
    ...createAuditRetentionActivities({ owner: deps.owner, keys: deps.auditKeys }),
    ...createIdempotencyPurgeActivities({ sequelize: deps.sequelize }),
    ...createWebhookEventPurgeActivities({
      sequelize: deps.sequelize,
      retentionSeconds: deps.webhookEventRetentionSeconds,
    }),
  };
}

export type MaintenanceActivities = ReturnType<typeof createMaintenanceActivities>;
export { createAuditCheckpointActivities, type AuditCheckpointActivities } from './audit-checkpoint';
export type { AuditCheckpointSummary } from './audit-checkpoint';
export {
  AUDIT_RETENTION_REFUSED,
  createAuditRetentionActivities,
  type AuditRetentionActivities,
} from './audit-retention';
export { createIdempotencyPurgeActivities, type IdempotencyPurgeActivities } from './idempotency-purge';
export type { IdempotencyPurgeResult } from './idempotency-purge';
export {
  createWebhookEventPurgeActivities,
  type WebhookEventPurgeActivities,
  type WebhookEventPurgeResult,
} from './webhook-event-purge';
