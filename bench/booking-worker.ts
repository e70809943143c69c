/**
 * The bench's own worker processes (started by bench/booking.ts; the booking, payments and
 * notify pools run their real entry points, workers/<pool>.ts):
 *   node --import tsx bench/booking-worker.ts suppliers
 *     the suppliers pool exactly as workers/suppliers.ts builds it, except that its requests
 *     carry the bench's simulator scope (BENCH_SIM_SCOPE), which the latency rule matches;
 *   node --import tsx bench/booking-worker.ts baseline <booking|suppliers|payments|notify>
 *     one pool of the baseline: the no-op saga's workflow code, or a no-op activity, with the
 *     pool's limits and the platform's data converter (workers/bootstrap.ts createWorker).
 * Queues come from TEMPORAL_TASK_QUEUE_SUFFIX, as for the real pools.
 */
import { createSupplierAdapters } from '../activities/suppliers';
import { createSuppliersPoolActivities } from '../activities/suppliers-pool';
import { config } from '../lib/config';
import { isPool } from '../lib/temporal/task-queues';
import { runMain, runWorker } from '../workers/bootstrap';

function suppliers(): Promise<void> {
  const adapters = createSupplierAdapters(config(), {
    headers: { 'x-sim-scope': process.env.BENCH_SIM_SCOPE ?? '' },
  });
  return runWorker({
    pool: 'suppliers',
    activities: createSuppliersPoolActivities({ adapters: adapters.adapters }),
    onShutdown: () => adapters.shutdown(),
  });
}

function baseline(pool: string | undefined): Promise<void> {
  if (!pool || !isPool(pool) || pool === 'maintenance') throw new Error(`no baseline pool ${pool}`);
  if (pool === 'bookings') {
    return runWorker({
      pool,
      workflowsPath: require.resolve('./workflows/noop-saga'),
      activities: { noop: () => Promise.resolve() },
    });
  }
  return runWorker({ pool, activities: { noop: () => Promise.resolve() } });
}

const [mode, pool] = process.argv.slice(2);
runMain(() => (mode === 'suppliers' ? suppliers() : baseline(pool)));
