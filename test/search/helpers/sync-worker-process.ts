import { createSearchIndexActivities } from '../../../activities/search/search-activities';
import { createSupplierAdapters } from '../../../activities/suppliers';
import { createOpenSearch } from '../../../lib/clients';
import { loadConfig } from '../../../lib/config';
import { failFastRedis } from '../../../lib/clients';
import { createWorker } from '../../../workers/bootstrap';

/**
 * A real maintenance-pool worker in a process of its own, for tests that kill it: the search
 * activities (workers/maintenance.ts registers the same ones) polling a private queue, with
 * config from the environment (the stack's, plus the test's simulator and index prefix).
 *   SYNC_TASK_QUEUE  the private queue   SIM_SCOPE  the simulator scope of the test's faults
 *   SYNC_PAGE_SIZE   feed items per page
 * Prints `ready` on stdout once it polls; runs until it is killed.
 */
async function main() {
  const taskQueue = process.env.SYNC_TASK_QUEUE;
  const scope = process.env.SIM_SCOPE;
  if (!taskQueue || !scope) throw new Error('SYNC_TASK_QUEUE and SIM_SCOPE are required');
  const config = loadConfig(process.env);
  const suppliers = createSupplierAdapters(config, { headers: { 'x-sim-scope': scope } });
  const activities = createSearchIndexActivities({
    adapters: suppliers.adapters,
    opensearch: createOpenSearch(config),
    redis: failFastRedis(config.redis),
    search: config.search,
    pageSize: Number(process.env.SYNC_PAGE_SIZE ?? 100),
  });
  const { worker } = await createWorker({ pool: 'maintenance', taskQueue, activities, config });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
