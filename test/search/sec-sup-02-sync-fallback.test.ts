import test from 'ava';
import { aliasName, indicesBehind } from '../../services/search';
import { indexVersion } from '../../services/search/version';
import { inventorySyncWorkflow } from '../../workflows/search/inventory-sync';
import { startSearchHarness, type SearchHarness } from './helpers/search-harness';

let h: SearchHarness;

test.before(async () => {
  h = await startSearchHarness({ hotels: 1500, flights: 500 });
});
test.after.always(async () => {
  await h?.close();
});

const feedRequests = async () => (await h.sim.requests(h.scope)).by_route['hotel/feed'] ?? 0;
const hotelsBehind = () => indicesBehind(h.deps.opensearch, aliasName(h.prefix, 'hotels'));

/** Starts a sync whose hotel feed is slow, and waits until a few pages are in. */
async function syncUnderway(run: string) {
  await h.sim.fault({ kind: 'latency', ms: 150, supplier: 'hotel', route: 'feed' }, h.scope);
  const before = await feedRequests();
  const handle = await h.worker.client.workflow.start(inventorySyncWorkflow, {
    taskQueue: h.worker.queues.maintenance,
    workflowId: `inventory-sync-${h.prefix}-${run}`,
    args: [{ taskQueues: { maintenance: h.worker.queues.maintenance } }],
    workflowExecutionTimeout: '5 minutes',
  });
  for (let i = 0; i < 600 && (await feedRequests()) < before + 3; i += 1)
    await new Promise((r) => setTimeout(r, 20));
  return { handle, before };
}

async function someHotels() {
  const start = new Date().toISOString().slice(0, 10);
  const q = `lat=48.8566&lon=2.3522&radius_km=500&check_in=${start}&check_out=${new Date(Date.now() + 86_400_000 * 2).toISOString().slice(0, 10)}&limit=50&sort=distance`;
  const answer = await h.get(`/api/v1/search/hotels?${q}`);
  return answer.json as { total: number; items: { id: string }[] };
}

test.serial(
  'SEC-SUP-02 a supplier failing during the sync is skipped and reported; its last good index stays served, the other supplier still syncs',
  async (t) => {
    const first = await h.sync();
    t.deepEqual(first.failed, []);
    const served = await hotelsBehind();
    const before = await someHotels();
    t.true(before.total > 0);

    const { handle } = await syncUnderway('failing');
    await h.sim.fault({ kind: 'error', status: 503, supplier: 'hotel', route: 'feed' }, h.scope);
    const result = await handle.result();
    await h.sim.control('DELETE', `/faults?scope=${h.scope}`);

    t.is(result.failed.length, 1);
    t.is(result.failed[0]!.supplier, 'hotel');
    t.deepEqual(
      result.synced.map((s) => s.supplier),
      ['flight'],
    );
    t.deepEqual(await hotelsBehind(), served, 'the alias still names the last good hotel index');
    t.deepEqual(await someHotels(), before, 'search answers from the last good data');
  },
);

test.serial(
  'alias swap: a full reindex builds a new index, the alias moves to it in one step and the old index is dropped; the index version moves on',
  async (t) => {
    const old = await hotelsBehind();
    const version = await indexVersion(h.deps.redis, h.prefix, 'hotels');
    const result = await h.sync({ suppliers: ['hotel'] });
    t.deepEqual(result.failed, []);
    const now = await hotelsBehind();
    t.is(now.length, 1);
    t.is(now[0], result.synced[0]!.index);
    t.notDeepEqual(now, old);
    const all = await h.deps.opensearch.indices.get({ index: `${aliasName(h.prefix, 'hotels')}-*` });
    t.deepEqual(Object.keys(all.body), now, 'old and abandoned partial indices are gone');
    t.not(await indexVersion(h.deps.redis, h.prefix, 'hotels'), version);
    t.true((await someHotels()).total > 0);
  },
);

test.serial(
  'a retried sync resumes from the heartbeated cursor: pages already indexed are not fetched again',
  async (t) => {
    const { handle, before } = await syncUnderway('resumed');
    await h.sim.fault({ kind: 'error', status: 503, supplier: 'hotel', route: 'feed', times: 1 }, h.scope);
    const result = await handle.result();
    await h.sim.control('DELETE', `/faults?scope=${h.scope}`);
    t.deepEqual(result.failed, []);
    const pages = result.synced.find((s) => s.supplier === 'hotel')!.pages;
    // Every page once, plus the one refused request; a restart from the top would fetch more.
    t.is((await feedRequests()) - before, pages + 1);
    t.is(result.synced.find((s) => s.supplier === 'hotel')!.indexed, 1500);
  },
);
