import { createSuppliersPoolActivities } from '../activities/suppliers-pool';
import { createSupplierAdapters } from '../activities/suppliers';
import { config } from '../lib/config';
import { runMain, runWorker } from './bootstrap';

/** Supplier reservation and feed activities: `node --import tsx workers/suppliers.ts`. */
export function startSuppliersWorker(): Promise<void> {
  const suppliers = createSupplierAdapters(config());
  return runWorker({
    pool: 'suppliers',
    activities: createSuppliersPoolActivities({ adapters: suppliers.adapters }),
    onShutdown: () => suppliers.shutdown(),
  });
}

if (require.main === module) runMain(startSuppliersWorker);
