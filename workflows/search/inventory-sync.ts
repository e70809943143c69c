import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { MaintenancePoolActivities } from '../../activities/maintenance-pool';
import type { InventorySupplier, SupplierSyncResult } from '../../activities/search/search-activities';
import { maintenanceQueue, type MaintenanceWorkflowInput } from '../maintenance/input';

export interface InventorySyncInput extends MaintenanceWorkflowInput {
  /** Defaults to every supplier. */
  suppliers?: InventorySupplier[];
}

export interface InventorySyncResult {
  synced: SupplierSyncResult[];
  /** Suppliers skipped this run: their last good index is still the one served (SEC-SUP-02). */
  failed: { supplier: InventorySupplier; error: string }[];
}

const ALL: InventorySupplier[] = ['hotel', 'flight'];

/** The failure's type, not its message: nothing a supplier said goes into the history. */
function reason(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type) return cause.type;
  return cause instanceof Error ? cause.name : 'Error';
}

/**
 * Inventory sync, by schedule: each supplier's feed is reindexed in full into a new index that
 * replaces the served one only when complete. A supplier that fails after its retries is skipped
 * and reported; the others still sync, and the failed one's last good data stays served (SEC-SUP-02).
 */
export async function inventorySyncWorkflow(input: InventorySyncInput): Promise<InventorySyncResult> {
  const { syncSupplierInventory } = proxyActivities<MaintenancePoolActivities>({
    taskQueue: maintenanceQueue(input),
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    retry: {
      initialInterval: '5 seconds',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      maximumAttempts: 2,
      nonRetryableErrorTypes: ['InvalidInput'],
    },
  });
  const result: InventorySyncResult = { synced: [], failed: [] };
  for (const supplier of input.suppliers ?? ALL) {
    try {
      result.synced.push(await syncSupplierInventory({ supplier }));
    } catch (error) {
      result.failed.push({ supplier, error: reason(error) });
    }
  }
  return result;
}
