import { proxyActivities } from '@temporalio/workflow';
import type { MaintenancePoolActivities } from '../../activities/maintenance-pool';
import type { OrphanBookingSweepResult } from '../../activities/maintenance/orphan-booking-sweep';
import { maintenanceQueue, runClock, type MaintenanceWorkflowInput } from './input';
import { HOURLY_PURGE_OPTIONS } from './purge-options';

/**
 * Issue 20.1, every 15 minutes by schedule: fails the PENDING bookings an accept left behind
 * without a saga (older than the bound, no workflow of their id). The clock is the input's.
 */
export async function orphanBookingSweepWorkflow(
  input: MaintenanceWorkflowInput,
): Promise<OrphanBookingSweepResult> {
  const { failOrphanBookings } = proxyActivities<MaintenancePoolActivities>({
    taskQueue: maintenanceQueue(input),
    ...HOURLY_PURGE_OPTIONS,
  });
  return failOrphanBookings({ nowMs: runClock(input) });
}
