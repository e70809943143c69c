import { proxyActivities } from '@temporalio/workflow';
import type { AuditCheckpointSummary } from '../../activities/maintenance/maintenance-activities';
import type { MaintenancePoolActivities } from '../../activities/maintenance-pool';
import { maintenanceQueue, type MaintenanceWorkflowInput } from './input';

/**
 * SEC-LOG-04, every 15 minutes by schedule: signs (Ed25519) a checkpoint of the audit chain's
 * newest row. Null when the log is empty; the stored checkpoint when nothing was appended since.
 */
export async function auditCheckpointWorkflow(
  input: MaintenanceWorkflowInput,
): Promise<AuditCheckpointSummary | null> {
  const { signAuditCheckpoint } = proxyActivities<MaintenancePoolActivities>({
    taskQueue: maintenanceQueue(input),
    startToCloseTimeout: '2 minutes',
    // Well inside the 15-minute interval: the next run takes over rather than piling up.
    scheduleToCloseTimeout: '10 minutes',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
  return signAuditCheckpoint();
}
