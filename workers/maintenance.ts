import { createMaintenancePoolActivities } from '../activities/maintenance-pool';
import { createSequelize } from '../db/connection';
import { AUDIT_SIGNING_KEY_SECRET, loadAuditSigner, loadAuditVerifyKeys } from '../lib/audit';
import { config } from '../lib/config';
import { runMain, runWorker } from './bootstrap';

/**
 * Scheduled upkeep (tools/schedules/definitions.ts: audit checkpoints, audit retention, idempotency
 * purge) plus the platform check's database read: `node --import tsx workers/maintenance.ts`.
 * Runs the maintenance workflows and their activities on the maintenance queue. Refuses to start
 * without the checkpoint signing key: unsigned checkpoints would silently stop (SEC-LOG-04).
 */
export async function startMaintenanceWorker(): Promise<void> {
  const cfg = config();
  const signer = loadAuditSigner();
  if (!signer) {
    throw new Error(`the ${AUDIT_SIGNING_KEY_SECRET} secret is missing: audit checkpoints cannot be signed`);
  }
  const auditKeys = loadAuditVerifyKeys();
  const sequelize = createSequelize(cfg, 'app');
  // Only audit retention uses the owner role (audit_expire_through); the rest is DML as the app.
  const owner = createSequelize(cfg, 'owner');
  return runWorker({
    pool: 'maintenance',
    workflowsPath: require.resolve('../workflows/maintenance-pool'),
    activities: createMaintenancePoolActivities({ sequelize, owner, signer, auditKeys }),
    onShutdown: async () => {
      await Promise.all([sequelize.close(), owner.close()]);
    },
  });
}

if (require.main === module) runMain(startMaintenanceWorker);
