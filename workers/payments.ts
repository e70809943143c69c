import { ping } from '../activities/health/ping';
import { runMain, runWorker } from './bootstrap';

/**
 * Stripe activities: `node --import tsx workers/payments.ts`. Only the pool probe is registered
 * until the payment activities land in activities/payments.
 */
export function startPaymentsWorker(): Promise<void> {
  return runWorker({ pool: 'payments', activities: { ping } });
}

if (require.main === module) runMain(startPaymentsWorker);
