import { createPaymentsPoolActivities } from '../activities/payments-pool';
import { createSequelize, createStripeClient } from '../lib/clients';
import { attachKeyring } from '../db/encrypted';
import { config } from '../lib/config';
import { keyringFromConfig } from '../lib/crypto';
import { runMain, runWorker } from './bootstrap';

/**
 * Stripe activities: `node --import tsx workers/payments.ts`. This pool holds the Stripe secret
 * key and the payment data keys; no other pool needs either.
 */
export function startPaymentsWorker(): Promise<void> {
  const cfg = config();
  const sequelize = createSequelize(cfg, 'app');
  attachKeyring(sequelize, keyringFromConfig(cfg, sequelize));
  return runWorker({
    pool: 'payments',
    activities: createPaymentsPoolActivities({ stripe: createStripeClient(cfg), sequelize }),
    onShutdown: () => sequelize.close(),
  });
}

if (require.main === module) runMain(startPaymentsWorker);
