import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Client } from '@opensearch-project/opensearch';
import { createSearchIndexActivities } from '../activities/search/search-activities';
import { createSupplierAdapters } from '../activities/suppliers';
import { createOpenSearch, createRedis } from '../lib/clients';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { aliasName, dropSearchIndices, ensureSearchIndices, type HotelSearch } from '../services/search';
import { hotelQuery } from '../services/search/hotel-query';
import { inventorySyncWorkflow } from '../workflows/search/inventory-sync';
import { startMaintenanceWorker } from '../test/helpers/maintenance-worker';
import { startBurner } from './cpu-burner';
import { opensearchCpuMs, percentile } from './search-probes';

/**
 * OpenSearch's own cost of one uncached hotel search, without the API in the way:
 *   scripts/with-env.sh node --import tsx bench/search-os-probe.ts [--prefix=P] [--drop] [--n=400] [--c=4] [variant…]
 * Without --prefix it syncs the stack simulator's hotels into a fresh prefix and keeps it (the
 * prefix is printed, so later runs reuse it); --drop removes the prefix's indices at the end.
 * Each variant sends the same seeded mix as bench/search.ts (city, stay, guests, 30% stars=4,5,
 * random price interval) through `hotelQuery`, changed as the variant says, with --c searches in
 * flight, and prints OpenSearch CPU per search (node stats), `took` p50/p99 and answer bytes.
 * Variants run in turn, twice each (ABAB), so a busy moment does not favour one of them.
 * `variant+burn` runs the variant while another process keeps one core busy (bench/cpu-burner.ts),
 * as the API's own CPU does when the searches come through it: whether OpenSearch's CPU per search
 * depends on the cores it shares rather than on the request.
 */
type Body = Record<string, unknown>;
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const N = Number(arg('n') ?? 400);
const C = Number(arg('c') ?? 4);

const VARIANTS: Record<string, (b: Body) => Body> = {
  current: (b) => b,
  size0: (b) => ({ ...b, size: 0 }),
  noaggs: (b) => ({ ...b, aggs: undefined }),
  nosource: (b) => ({ ...b, _source: false }),
  noinner: (b) => {
    const filter = structuredClone((b.query as { bool: { filter: Body[] } }).bool.filter);
    delete (filter[0]!.nested as Body).inner_hits;
    return { ...b, query: { bool: { ...(b.query as { bool: Body }).bool, filter } } };
  },
  nototal: (b) => ({ ...b, track_total_hits: false }),
  nosort: (b) => ({ ...b, sort: [{ id: 'asc' }] }),
  bare: (b) => ({ ...VARIANTS.noinner!(b), _source: false }),
  barenosort: (b) => ({ ...VARIANTS.noinner!(b), _source: false, sort: [{ id: 'asc' }] }),
  minimal: (b) => ({ ...VARIANTS.noinner!(b), _source: false, sort: [{ id: 'asc' }], aggs: undefined }),
  minimalsrc: (b) => ({ ...VARIANTS.noinner!(b), sort: [{ id: 'asc' }], aggs: undefined }),
  profile: (b) => ({ ...b, profile: true }),
  fullsource: (b) => ({ ...b, _source: true }),
  filtered: (b) => ({ ...b, filter_path: 'took,hits.total,hits.hits._source,hits.hits.sort,aggregations' }),
  /** The query as it was with inner hits (before the cheapest room was picked in the API). */
  before: (b) => {
    const filter = structuredClone((b.query as { bool: { filter: Body[] } }).bool.filter);
    (filter[0]!.nested as Body).inner_hits = {
      name: 'fitting_rooms',
      size: 1,
      sort: [{ 'rooms.nightly_minor': 'asc' }, { 'rooms.type': 'asc' }],
      _source: ['rooms.type', 'rooms.capacity', 'rooms.nightly_minor'],
    };
    return {
      ...b,
      query: { bool: { ...(b.query as { bool: Body }).bool, filter } },
      _source: ['id', 'name', 'city', 'country', 'stars', 'amenities', 'location', 'currency'],
    };
  },
};

function mix(cities: string[], start: string, n: number, seed = 42): HotelSearch[] {
  let state = seed;
  const rnd = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const day = (d: number) =>
    new Date(Date.parse(`${start}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
  return Array.from({ length: n }, () => {
    const d = int(1, 40);
    return {
      city: cities[int(0, cities.length - 1)]!.toLowerCase(),
      checkIn: day(d),
      checkOut: day(d + int(1, 5)),
      guests: int(1, 3),
      rooms: 1,
      stars: rnd() < 0.3 ? [4, 5] : undefined,
      sort: 'price',
      limit: 20,
      priceInterval: int(1000, 999999),
    };
  });
}

const cpuMs = (client: Client) => opensearchCpuMs(client);

interface Tally {
  cpuMs: number;
  took: number[];
  latencyMs: number[];
  bytes: number;
}

async function run(client: Client, index: string, bodies: Body[], tally: Tally) {
  let next = 0;
  const before = await cpuMs(client);
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t0 = process.hrtime.bigint();
        const { filter_path, ...rest } = body as Body & { filter_path?: string };
        const answer = await client.search({ index, body: rest as never, request_cache: false, filter_path });
        tally.latencyMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        tally.took.push((answer.body as { took: number }).took);
        tally.bytes += JSON.stringify(answer.body).length;
      }
    }),
  );
  tally.cpuMs += (await cpuMs(client)) - before;
}

const fresh = (): Tally => ({ cpuMs: 0, took: [], latencyMs: [], bytes: 0 });

async function sync(prefix: string) {
  const config = { ...loadConfig(), search: { ...loadConfig().search, indexPrefix: prefix } };
  const logger = createLogger({ ...config, log: { level: 'warn' } });
  const opensearch = createOpenSearch(config);
  const redis = createRedis(config, logger);
  await ensureSearchIndices(opensearch, prefix);
  const suppliers = createSupplierAdapters(config);
  const deps = { adapters: suppliers.adapters, opensearch, redis, search: config.search };
  const worker = await startMaintenanceWorker(createSearchIndexActivities(deps), { logLevel: 'error' });
  const sync = await worker.client.workflow.execute(inventorySyncWorkflow, {
    taskQueue: worker.queues.maintenance,
    workflowId: `probe-sync-${prefix}`,
    args: [{ taskQueues: { maintenance: worker.queues.maintenance }, suppliers: ['hotel'] }],
  });
  await worker.stop();
  suppliers.shutdown();
  await redis.quit();
  await opensearch.close();
  console.log(`synced ${sync.synced[0]?.indexed} hotels into prefix ${prefix}`);
}

async function main() {
  const burner = process.argv.slice(2).some((a) => a.endsWith('+burn')) ? await startBurner() : undefined;
  let prefix = arg('prefix');
  if (!prefix) {
    prefix = `probe${randomBytes(3).toString('hex')}`;
    await sync(prefix);
  }
  const client = createOpenSearch(loadConfig());
  const index = aliasName(prefix, 'hotels');
  try {
    const cities = (
      JSON.parse(readFileSync('tools/supplier-sim/seed/cities.json', 'utf8')) as string[][]
    ).map((c) => c[0]!);
    const searches = mix(cities, new Date().toISOString().slice(0, 10), N);
    const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
    const chosen = names.length > 0 ? names : ['current'];
    if (chosen.includes('profile')) {
      const answer = await client.search({
        index,
        body: { ...hotelQuery(searches[0]!), profile: true } as never,
      });
      console.log(JSON.stringify((answer.body as { profile: unknown }).profile, null, 1));
      return;
    }
    const today = new Date().toISOString().slice(0, 10);
    await run(client, index, mix(cities, today, Number(arg('warm') ?? 1000), 7).map(hotelQuery), fresh()); // the JVM's JIT
    // Blocks of BLOCK searches, each variant in turn (the order rotating), so a busy moment of
    // the shared machine falls on every variant alike.
    const BLOCK = 20;
    const tallies = new Map(chosen.map((name) => [name, fresh()]));
    for (let from = 0, b = 0; from < searches.length; from += BLOCK, b += 1) {
      const block = searches.slice(from, from + BLOCK);
      for (let k = 0; k < chosen.length; k += 1) {
        // `variant@prefix` searches another prefix's index (e.g. one built by older code).
        const name = chosen[(k + b) % chosen.length]!;
        const [vname, other] = name.replace(/\+burn$/, '').split('@');
        const variant = VARIANTS[vname!];
        if (!variant) throw new Error(`no variant ${vname}`);
        const target = other ? aliasName(other, 'hotels') : index;
        if (name.endsWith('+burn')) await burner!.set(true);
        await run(
          client,
          target,
          block.map((x) => variant(hotelQuery(x))),
          tallies.get(name)!,
        );
        if (name.endsWith('+burn')) await burner!.set(false);
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    for (const [name, t] of tallies) {
      const n = t.took.length;
      console.log(
        `${name.padEnd(12)} OpenSearch CPU ${Math.round((t.cpuMs * 1000) / n)} µs/search; took mean ${mean(t.took).toFixed(2)} p50 ${percentile(t.took, 50)} p99 ${percentile(t.took, 99)} ms; ` +
          `client latency p50 ${percentile(t.latencyMs, 50).toFixed(2)} ms; ${Math.round(t.bytes / n)} B; ${n} searches`,
      );
    }
  } finally {
    burner?.stop();
    if (process.argv.includes('--drop')) await dropSearchIndices(client, prefix);
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
