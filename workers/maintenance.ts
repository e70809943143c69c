import { createMaintenanceActivities } from '../activities/maintenance';
import { config } from '../lib/config';
import { createSequelize } from '../db/connection';
import { runMain, runWorker } from './bootstrap';

/** Scheduled upkeep (retention, reconciliation, key rotation): `node --import tsx workers/maintenance.ts`. */
export function startMaintenanceWorker(): Promise<void> {
  const sequelize = createSequelize(config(), 'app');
  return runWorker({
    pool: 'maintenance',
    activities: createMaintenanceActivities({ sequelize }),
    onShutdown: () => sequelize.close(),
  });
}

if (require.main === module) runMain(startMaintenanceWorker);
