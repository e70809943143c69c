import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import test from 'ava';
import { aliasName, indicesBehind } from '../../services/search';
import { inventorySyncWorkflow } from '../../workflows/search/inventory-sync';
import { startSearchHarness, type SearchHarness } from './helpers/search-harness';
import { serverHeartbeat } from '../helpers/server-heartbeat';

const HOTELS = 1500;
const PAGE_SIZE = 50; // 30 pages, each slowed down, so the kill lands mid-sync

let h: SearchHarness;

test.before(async () => {
  h = await startSearchHarness({ hotels: HOTELS, flights: 10 });
});
test.after.always(async () => {
  await h?.close();
});

/** A maintenance-pool worker process (helpers/sync-worker-process.ts) polling `queue` only. */
async function workerProcess(queue: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'helpers', 'sync-worker-process.ts')],
    {
      env: {
        ...process.env,
        SUPPLIER_URL: h.sim.sim.url,
        SUPPLIER_HOTEL_SECRET_FILE: join(h.sim.secretsDir, 'supplier_hotel_secret'),
        SUPPLIER_FLIGHT_SECRET_FILE: join(h.sim.secretsDir, 'supplier_flight_secret'),
        SEARCH_INDEX_PREFIX: h.prefix,
        SYNC_TASK_QUEUE: queue,
        SYNC_PAGE_SIZE: String(PAGE_SIZE),
        SIM_SCOPE: h.scope,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`sync worker exited (${String(code)}) before it was ready`);
  });
  await Promise.race([once(lines, 'line'), exited]);
  return child;
}

interface Progress {
  index: string;
  cursor: string | null;
  pages: number;
}

const feedRequests = async () => (await h.sim.requests(h.scope)).by_route['hotel/feed'] ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('inventory sync resumes after its worker process is SIGKILLed mid-sync: a new worker finishes from the heartbeated cursor into the same index, fetching only the pages after it again', async (t) => {
  t.timeout(240_000);
  const queue = `${h.worker.queues.maintenance}-killed`;
  await h.sim.fault({ kind: 'latency', ms: 400, supplier: 'hotel', route: 'feed' }, h.scope);
  const before = await feedRequests();
  const first = await workerProcess(queue);
  const handle = await h.worker.client.workflow.start(inventorySyncWorkflow, {
    taskQueue: h.worker.queues.maintenance, // the workflow runs in the harness worker ...
    workflowId: `inventory-sync-${h.prefix}-kill`,
    args: [{ taskQueues: { maintenance: queue }, suppliers: ['hotel'] }], // ... its activity only in the child
    workflowExecutionTimeout: '4 minutes',
  });

  // Kill once the server holds a heartbeat a few pages in (well before the 30 pages are done).
  const progress = () => serverHeartbeat<Progress>(h.worker.client, handle);
  let seen: Progress | undefined;
  for (let i = 0; i < 600 && !((seen = await progress()) && seen.pages >= 3); i += 1) await sleep(50);
  t.truthy(seen && seen.pages >= 3, 'the sync heartbeated its progress');
  first.kill('SIGKILL');
  const [, signal] = (await once(first, 'exit')) as [number | null, string | null];
  t.is(signal, 'SIGKILL');
  const killedAt = await progress(); // frozen now: nobody runs the attempt any more
  // Requests the killed process had already sent may still be on their way into the simulator.
  let fetched = await feedRequests();
  for (let again = -1; again !== fetched;)
    [again, fetched] = [fetched, (await sleep(500), await feedRequests())];
  const fetchedByFirst = fetched - before;
  t.truthy(killedAt && killedAt.cursor !== null && killedAt.pages < 30, 'killed mid-sync');

  await h.sim.control('DELETE', `/faults?scope=${h.scope}`);
  const second = await workerProcess(queue);
  try {
    const result = await handle.result(); // after the heartbeat timeout, the retry runs in `second`
    t.deepEqual(result.failed, []);
    const synced = result.synced[0]!;
    t.is(synced.indexed, HOTELS);
    t.is(synced.pages, 30);
    t.is(synced.index, killedAt!.index, 'the retry went on filling the index the killed worker started');
    // The second worker fetched exactly the pages after the heartbeated cursor.
    t.is((await feedRequests()) - before - fetchedByFirst, synced.pages - killedAt!.pages);
    t.deepEqual(await indicesBehind(h.deps.opensearch, aliasName(h.prefix, 'hotels')), [synced.index]);
    const count = await h.deps.opensearch.count({ index: synced.index });
    t.is(count.body.count, HOTELS, 'every hotel indexed once');
  } finally {
    second.kill('SIGKILL');
  }
});
