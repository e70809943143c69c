import { proxyActivities } from '@temporalio/workflow';
import type { AuditExpiry } from '../../lib/audit';
import type { MaintenancePoolActivities } from '../../activities/maintenance-pool';
import { maintenanceQueue, type MaintenanceWorkflowInput } from './input';

/**
 * SEC-LOG-05, daily by schedule: cuts the audit log at the newest signed checkpoint older than
 * the retention, keeping the chain verifiable from it. Null when nothing is old enough. A cut
 * the library refuses (AuditRetentionRefused) fails the run without retry.
 */
export async function auditRetentionWorkflow(input: MaintenanceWorkflowInput): Promise<AuditExpiry | null> {
  const { expireAuditSegments } = proxyActivities<MaintenancePoolActivities>({
    taskQueue: maintenanceQueue(input),
    // Verifying 18 months of chain is long; the heartbeat notices a dead worker within a minute.
    startToCloseTimeout: '1 hour',
    heartbeatTimeout: '1 minute',
    scheduleToCloseTimeout: '6 hours',
    retry: {
      initialInterval: '30 seconds',
      backoffCoefficient: 2,
      maximumInterval: '10 minutes',
      nonRetryableErrorTypes: ['AuditRetentionRefused'],
    },
  });
  return expireAuditSegments();
}
