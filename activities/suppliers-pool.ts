import { ping } from './health/health-activities';
import { createSupplierActivities, type SupplierAdapters } from './suppliers';

export interface SuppliersPoolDeps {
  adapters: SupplierAdapters;
}

/**
 * Everything the suppliers pool registers (workers/suppliers.ts): the supplier activities and a
 * ping. Workflows proxy exactly this type, so a step they call is one the pool runs.
 */
export function createSuppliersPoolActivities({ adapters }: SuppliersPoolDeps) {
  return { ping, ...createSupplierActivities({ adapters }) };
}

export type SuppliersPoolActivities = ReturnType<typeof createSuppliersPoolActivities>;
