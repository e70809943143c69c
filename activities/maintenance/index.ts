import type { Sequelize } from 'sequelize';
import { ping } from '../health/ping';
import { createCheckDatabase } from './check-database';

export interface MaintenanceDeps {
  sequelize: Sequelize;
}

/** The maintenance pool's activities (schedules: retention, reconciliation, key rotation…). */
export function createMaintenanceActivities({ sequelize }: MaintenanceDeps) {
  return { ping, checkDatabase: createCheckDatabase(sequelize) };
}

export type MaintenanceActivities = ReturnType<typeof createMaintenanceActivities>;
export type { DatabaseCheck } from './check-database';
