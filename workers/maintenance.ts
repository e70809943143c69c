import { createMaintenancePoolActivities } from '../activities/maintenance-pool';
import { createErasureClients } from '../activities/privacy/erasure-clients';
import { createSupplierAdapters } from '../activities/suppliers';
import { attachKeyring } from '../db/encrypted';
import { createOpenSearch } from '../lib/clients';
import { failFastRedis } from '../lib/clients';
import { createSequelize } from '../lib/clients/database';
import { workflowExists } from '../lib/clients/temporal';
import { AUDIT_SIGNING_KEY_SECRET, loadAuditSigner, loadAuditVerifyKeys } from '../lib/audit';
import { config } from '../lib/config';
import { keyringFromConfig } from '../lib/crypto';
import { runMain, runWorker } from './bootstrap';

/**
 * Scheduled upkeep (tools/schedules/definitions.ts: audit checkpoints, audit retention, idempotency
 * and webhook event purges, the retention schedules of docs/retention.md, inventory sync) plus the platform check's database read:
 * `node --import tsx workers/maintenance.ts`.
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
  // Key rotation (workflows/keys) re-encrypts rows through the encrypted models; erasure shreds
  // user keys and seals its Temporal payloads with the same keyring.
  attachKeyring(sequelize, keyringFromConfig(cfg, sequelize));
  // Only audit retention uses the owner role (audit_expire_through); the rest is DML as the app.
  const owner = createSequelize(cfg, 'owner');
  // Inventory sync: the supplier feeds (their secrets), OpenSearch, and Redis for index versions.
  const suppliers = createSupplierAdapters(cfg);
  const opensearch = createOpenSearch(cfg);
  const redis = failFastRedis(cfg.redis);
  const searchIndex = { adapters: suppliers.adapters, opensearch, redis, search: cfg.search };
  const erasure = createErasureClients(cfg, sequelize, redis);
  return runWorker({
    pool: 'maintenance',
    workflowsPath: require.resolve('../workflows/maintenance-pool'),
    activities: createMaintenancePoolActivities({
      sequelize,
      owner,
      signer,
      auditKeys,
      webhookEventRetentionSeconds: cfg.stripe.webhookEventRetentionSeconds,
      retention: cfg.retention,
      ...(cfg.log.dir && { logDir: cfg.log.dir }),
      // One Temporal client for the pool's activities: erasure's, which the orphan sweep asks too.
      orphans: {
        workflowExists: workflowExists(erasure.deps.temporal),
        orphanAfterSeconds: cfg.bookings.orphanAfterSeconds,
      },
      searchIndex,
      erasure: erasure.deps,
    }),
    onShutdown: async () => {
      suppliers.shutdown();
      await Promise.all([
        sequelize.close(),
        owner.close(),
        opensearch.close(),
        redis.quit(),
        erasure.close(),
      ]);
    },
  });
}

if (require.main === module) runMain(startMaintenanceWorker);
