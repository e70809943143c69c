import { createBookingsPoolActivities } from '../activities/bookings-pool';
import { createSequelize } from '../lib/clients/database';
import { config } from '../lib/config';
import { runMain, runWorker } from './bootstrap';

/**
 * The bookings pool: the booking saga's workflow code and the booking row's own activities:
 * `node --import tsx workers/bookings.ts`.
 */
export function startBookingsWorker(): Promise<void> {
  const sequelize = createSequelize(config(), 'app');
  return runWorker({
    pool: 'bookings',
    workflowsPath: require.resolve('../workflows/bookings-pool'),
    activities: createBookingsPoolActivities({ sequelize }),
    onShutdown: () => sequelize.close(),
  });
}

if (require.main === module) runMain(startBookingsWorker);
