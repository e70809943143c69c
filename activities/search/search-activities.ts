import { createAdjustAvailabilityActivity } from './adjust-availability';
import type { SearchIndexDeps } from './deps';
import { createSyncSupplierActivity } from './sync-supplier';

/** The search-index activities (maintenance pool): inventory sync and availability changes. */
export function createSearchIndexActivities(deps: SearchIndexDeps) {
  return { ...createSyncSupplierActivity(deps), ...createAdjustAvailabilityActivity(deps) };
}

export type SearchIndexActivities = ReturnType<typeof createSearchIndexActivities>;
export type { SearchIndexDeps } from './deps';
export type { SupplierSyncResult, InventorySupplier } from './sync-supplier';
export type { AvailabilityChange, AvailabilityResult } from './adjust-availability';
