import type { Sequelize } from 'sequelize';
import { createAuditWriter, type AuditSigner, type AuditVerifyKeys } from '../../lib/audit';
import type { RetentionConfig } from '../../lib/config/retention';
import { createWriteAudit } from '../audit/write-audit';
import { createAuditCheckpointActivities } from './audit-checkpoint';
import { createAuditRetentionActivities } from './audit-retention';
import { createBookingRetentionActivities } from './booking-retention';
import { createIdempotencyPurgeActivities } from './idempotency-purge';
import { createOrphanBookingSweepActivities, type OrphanBookingSweepDeps } from './orphan-booking-sweep';
import { createSecurityLogRotationActivities } from './security-log-rotation';
import { createSoftDeletedAccountPurgeActivities } from './soft-deleted-account-purge';
import { createTokenPurgeActivities } from './token-purge';
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
  /** Config.retention: the periods of the retention schedules (SEC-PRIV-03, SEC-LOG-05). */
  retention: RetentionConfig;
  /** Config.log.dir: where the daily security log files are rotated; unset, nothing is. */
  logDir?: string;
  /** Issue 20.1's sweep of PENDING bookings without a saga: Temporal's answer and the bound. */
  orphans?: Pick<OrphanBookingSweepDeps, 'workflowExists' | 'orphanAfterSeconds'>;
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
    ...createTokenPurgeActivities({ sequelize: deps.sequelize }),
    ...createOrphanBookingSweepActivities({
      sequelize: deps.sequelize,
      // Without a Temporal client no booking is judged orphaned.
      workflowExists: deps.orphans?.workflowExists ?? (() => Promise.resolve(true)),
      orphanAfterSeconds: deps.orphans?.orphanAfterSeconds ?? 900,
    }),
    ...createBookingRetentionActivities({ sequelize: deps.sequelize, retention: deps.retention }),
    ...createSoftDeletedAccountPurgeActivities({ retention: deps.retention }),
    ...createSecurityLogRotationActivities({ logDir: deps.logDir, retention: deps.retention }),
    // Each retention run reports itself (retention.applied) on the pool that ran it.
    writeAudit: createWriteAudit({ writer: createAuditWriter(deps.sequelize) }),
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
export { createBookingRetentionActivities, type BookingRetentionActivities } from './booking-retention';
export { createTokenPurgeActivities, type TokenPurgeActivities } from './token-purge';
export {
  createSoftDeletedAccountPurgeActivities,
  type SoftDeletedAccountPurgeActivities,
} from './soft-deleted-account-purge';
export {
  createSecurityLogRotationActivities,
  type SecurityLogRotationActivities,
} from './security-log-rotation';
export type { RetentionStepInput, RetentionStepResult } from './retention-step';
