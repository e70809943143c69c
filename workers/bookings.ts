import { createBookingsPoolActivities } from '../activities/bookings-pool';
import { attachKeyring } from '../db/encrypted';
import { createSequelize } from '../lib/clients/database';
import { config } from '../lib/config';
import { keyringFromConfig } from '../lib/crypto';
import { runMain, runWorker } from './bootstrap';

/**
 * The bookings pool: the booking saga's workflow code and the booking row's own activities
 * (`node --import tsx workers/bookings.ts`). The status write copies the booker's address into
 * the outbox row, so this pool holds the PII data keys.
 */
export function startBookingsWorker(): Promise<void> {
  const cfg = config();
  const sequelize = createSequelize(cfg, 'app');
  attachKeyring(sequelize, keyringFromConfig(cfg, sequelize));
  return runWorker({
    pool: 'bookings',
    workflowsPath: require.resolve('../workflows/bookings-pool'),
    activities: createBookingsPoolActivities({ sequelize }),
    onShutdown: () => sequelize.close(),
  });
}

if (require.main === module) runMain(startBookingsWorker);
