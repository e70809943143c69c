import { ApplicationFailure } from '@temporalio/common';
import type { Sequelize } from 'sequelize';
import { AuditRetentionError, expireAuditLog, type AuditExpiry, type AuditVerifyKeys } from '../../lib/audit';
import { heartbeatWhile } from './heartbeat-while';

export interface AuditRetentionDeps {
  /** The owner role: only it may call audit_expire_through (the app role cannot delete audit rows). */
  owner: Sequelize;
  /** Keys that verify checkpoints (lib/audit loadAuditVerifyKeys). */
  keys: AuditVerifyKeys;
  /** How often the activity heartbeats while the chain is verified and cut. */
  heartbeatEveryMs?: number;
}

/** Error type of a cut the library refused (bad signature, chain that does not verify…). */
export const AUDIT_RETENTION_REFUSED = 'AuditRetentionRefused';

/**
 * `expireAuditSegments` (SEC-LOG-05): removes the segment of the audit log up to the newest
 * signed checkpoint older than the 18-month retention, recording the cut as `audit.expired`.
 * Idempotent: once a segment is gone there is nothing older left, so a retry (or the next day's
 * run) returns null. A refusal (the chain does not verify, a checkpoint's signature fails) is
 * evidence to keep and a human to call, not something a retry fixes: it fails without retry.
 */
export function createAuditRetentionActivities({ owner, keys, heartbeatEveryMs }: AuditRetentionDeps) {
  return {
    async expireAuditSegments(): Promise<AuditExpiry | null> {
      try {
        return (await heartbeatWhile(() => expireAuditLog(owner, { keys }), heartbeatEveryMs)) ?? null;
      } catch (err) {
        if (err instanceof AuditRetentionError) {
          throw ApplicationFailure.nonRetryable(err.message, AUDIT_RETENTION_REFUSED);
        }
        throw err;
      }
    },
  };
}

export type AuditRetentionActivities = ReturnType<typeof createAuditRetentionActivities>;
