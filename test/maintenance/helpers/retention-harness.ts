import type { WorkflowHandle } from '@temporalio/client';
import {
  createBookingRetentionActivities,
  createSecurityLogRotationActivities,
  createSoftDeletedAccountPurgeActivities,
  createTokenPurgeActivities,
} from '../../../activities/maintenance/maintenance-activities';
import { loadConfig } from '../../../lib/config';
import type { RetentionSummary } from '../../../workflows/maintenance-pool';
import type { MaintenanceWorkflowInput } from '../../../workflows/maintenance/input';
import { auditTestDb, rawQuery, type AuditTestDb } from '../../audit/helpers/audit-db';
import {
  maintenanceActivitiesFor,
  startMaintenanceWorker,
  type MaintenanceHarness,
} from '../../helpers/maintenance-worker';

export interface RetentionHarness {
  h: AuditTestDb;
  m: MaintenanceHarness;
  /** Starts `workflow` with the run's clock `nowMs` (and waits for nothing). */
  start(
    workflow: (input: MaintenanceWorkflowInput) => Promise<RetentionSummary>,
    name: string,
    nowMs: number,
  ): Promise<WorkflowHandle<(input: MaintenanceWorkflowInput) => Promise<RetentionSummary>>>;
  close(): Promise<void>;
}

/**
 * A private migrated database and an in-process maintenance worker with the activities
 * workers/maintenance.ts registers, the retention steps at 2 rows (or files) per batch so a
 * handful takes several batches.
 */
export async function retentionHarness({ logDir }: { logDir?: string } = {}): Promise<RetentionHarness> {
  const h = await auditTestDb();
  const retention = loadConfig().retention;
  const small = { batchSize: 2 };
  const m = await startMaintenanceWorker({
    ...maintenanceActivitiesFor(h),
    ...createTokenPurgeActivities({ sequelize: h.app, ...small }),
    ...createBookingRetentionActivities({ sequelize: h.app, retention, ...small }),
    ...createSoftDeletedAccountPurgeActivities({ retention, ...small }),
    ...createSecurityLogRotationActivities({ logDir, retention, ...small }),
  });
  return {
    h,
    m,
    start(workflow, name, nowMs) {
      return m.client.workflow.start(workflow, {
        taskQueue: m.queues.maintenance,
        workflowId: `test-retention-${m.run}-${name}`,
        workflowExecutionTimeout: '3 minutes',
        args: [{ taskQueues: { maintenance: m.queues.maintenance }, nowMs }],
      });
    },
    async close() {
      await m.stop();
      await h.close();
    },
  };
}

/** The `retention.applied` events of the log, oldest first: resource id, workflow and details. */
export async function retentionEvents(h: AuditTestDb) {
  const rows = await rawQuery<{ resource_id: string; canonical: string }>(
    h.db,
    `SELECT resource_id, canonical FROM audit_events WHERE event_type = 'retention.applied' ORDER BY sequence`,
  );
  return rows.map((r) => ({
    rule: r.resource_id,
    details: (JSON.parse(r.canonical) as { details: Record<string, unknown> }).details,
  }));
}
