import { createHealthActivities } from './health/health-activities';
import { createMaintenanceActivities, type MaintenanceDeps } from './maintenance/maintenance-activities';
import { createSearchIndexActivities, type SearchIndexDeps } from './search/search-activities';

export interface MaintenancePoolDeps extends MaintenanceDeps {
  /** Inventory sync and availability changes (suppliers' feeds → OpenSearch). */
  searchIndex: SearchIndexDeps;
}

/**
 * Everything the maintenance pool registers (workers/maintenance.ts): its health probes and the
 * scheduled upkeep. Workflows proxy exactly this type, so a step they call is one the pool runs.
 */
export function createMaintenancePoolActivities(deps: MaintenancePoolDeps) {
  return {
    ...createHealthActivities({ sequelize: deps.sequelize }),
    ...createMaintenanceActivities(deps),
    ...createSearchIndexActivities(deps.searchIndex),
  };
}

export type MaintenancePoolActivities = ReturnType<typeof createMaintenancePoolActivities>;
export type { MaintenanceDeps } from './maintenance/maintenance-activities';
