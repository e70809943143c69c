import { createHealthActivities } from './health';
import { createMaintenanceActivities, type MaintenanceDeps } from './maintenance';

/**
 * Everything the maintenance pool registers (workers/maintenance.ts): its health probes and the
 * scheduled upkeep. Workflows proxy exactly this type, so a step they call is one the pool runs.
 */
export function createMaintenancePoolActivities(deps: MaintenanceDeps) {
  return { ...createHealthActivities({ sequelize: deps.sequelize }), ...createMaintenanceActivities(deps) };
}

export type MaintenancePoolActivities = ReturnType<typeof createMaintenancePoolActivities>;
export type { MaintenanceDeps } from './maintenance';
