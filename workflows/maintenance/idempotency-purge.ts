import { proxyActivities } from '@temporalio/workflow';
import type { IdempotencyPurgeResult } from '../../activities/maintenance/maintenance-activities';
import type { MaintenancePoolActivities } from '../../activities/maintenance-pool';
import { maintenanceQueue, type MaintenanceWorkflowInput } from './input';
import { HOURLY_PURGE_OPTIONS } from './purge-options';

/**
 * SEC-PRIV-03, hourly by schedule: deletes idempotency records past their 24-hour retention
 * (and abandoned locks), in batches with heartbeats. Live records are kept.
 */
export async function idempotencyPurgeWorkflow(
  input: MaintenanceWorkflowInput,
): Promise<IdempotencyPurgeResult> {
  const { purgeExpiredIdempotencyRecords } = proxyActivities<MaintenancePoolActivities>({
    taskQueue: maintenanceQueue(input),
    ...HOURLY_PURGE_OPTIONS,
  });
  return purgeExpiredIdempotencyRecords();
}
