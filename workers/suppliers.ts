import { ping } from '../activities/health/ping';
import { runMain, runWorker } from './bootstrap';

/**
 * Supplier reservation activities: `node --import tsx workers/suppliers.ts`. Only the pool
 * probe is registered until the supplier activities land in activities/suppliers.
 */
export function startSuppliersWorker(): Promise<void> {
  return runWorker({ pool: 'suppliers', activities: { ping } });
}

if (require.main === module) runMain(startSuppliersWorker);
