import { createHealthActivities } from './health/health-activities';
import { createKeyRotationActivities } from './keys/key-rotation-activities';
import { createMaintenanceActivities, type MaintenanceDeps } from './maintenance/maintenance-activities';
import {
  createErasureActivities,
  overdueErasurePurge,
  type ErasureStepDeps,
} from './privacy/erasure-activities';
import { createSearchIndexActivities, type SearchIndexDeps } from './search/search-activities';

export interface MaintenancePoolDeps extends MaintenanceDeps {
  /** Inventory sync and availability changes (suppliers' feeds → OpenSearch). */
  searchIndex: SearchIndexDeps;
  /** Account erasure's clients (SEC-PRIV-02); without them its steps fail (retryably). */
  erasure?: ErasureStepDeps;
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
    // Key rotation (workflows/keys) needs the keyring attached to deps.sequelize.
    ...createKeyRotationActivities({ sequelize: deps.sequelize }),
    ...createErasureActivities(deps.erasure),
    // SEC-PRIV-03 "soft-deleted accounts 30 days": with erasure's clients, overdue erasures run.
    ...(deps.erasure && overdueErasurePurge(deps.erasure, deps)),
  };
}

export type MaintenancePoolActivities = ReturnType<typeof createMaintenancePoolActivities>;
export type { MaintenanceDeps } from './maintenance/maintenance-activities';
