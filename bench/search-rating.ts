import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { Client } from '@opensearch-project/opensearch';
import { createSearchIndexActivities } from '../activities/search/search-activities';
import { createSupplierAdapters } from '../activities/suppliers';
import { createOpenSearch, createRedis } from '../lib/clients';
import { loadConfig, type Config } from '../lib/config';
import { createLogger } from '../lib/logger';
import {
  aliasName,
  createSearchService,
  dropSearchIndices,
  ensureSearchIndices,
  writeHotelRating,
  type HotelSearch,
} from '../services/search';
import { hotelQuery } from '../services/search/hotel-query';
import { inventorySyncWorkflow } from '../workflows/search/inventory-sync';
import { startMaintenanceWorker } from '../test/helpers/maintenance-worker';
import { opensearchCpuMs, percentile } from './search-probes';

/**
 * Hotel search by rating (issue 18.1): scripts/with-env.sh node --import tsx bench/search-rating.ts
 *   [--prefix=P] [--n=600] [--c=4] [--dry]
 * Syncs the simulator's hotels into a fresh prefix (or reuses P), rates one hotel in ten through
 * the reviews' own writer (services/search writeHotelRating: average 1.0-5.0, 1-200 reviews),
 * then runs the same seeded mix as bench/search-os-probe.ts three ways: by price (today's
 * default), with `min_rating=4`, and sorted by rating; each through the search service (the API's
 * code path without HTTP: query building, OpenSearch call, answer building, uncached) and against
 * OpenSearch directly with the same query body, `--c` in flight, interleaved in blocks of 20.
 * Prints (and appends to bench/RESULTS.md unless --dry) req/s, the service's rate as a share of
 * the direct one, and CPU per search of the process and of OpenSearch.
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const N = Number(arg('n') ?? 600);
const C = Number(arg('c') ?? 4);
const BLOCK = 20;

type Variant = 'price' | 'min_rating=4' | 'sort=rating';
const VARIANTS: Record<Variant, (s: HotelSearch) => HotelSearch> = {
  price: (s) => s,
  'min_rating=4': (s) => ({ ...s, minRating: 4 }),
  'sort=rating': (s) => ({ ...s, sort: 'rating' }),
};

function mix(cities: string[], start: string, n: number, seed: number): HotelSearch[] {
  let state = seed;
  const rnd = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
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

async function sync(config: Config, opensearch: Client, redis: ReturnType<typeof createRedis>) {
  await ensureSearchIndices(opensearch, config.search.indexPrefix);
  const suppliers = createSupplierAdapters(config);
  const deps = { adapters: suppliers.adapters, opensearch, redis, search: config.search };
  const worker = await startMaintenanceWorker(createSearchIndexActivities(deps), { logLevel: 'error' });
  await worker.client.workflow.execute(inventorySyncWorkflow, {
    taskQueue: worker.queues.maintenance,
    workflowId: `rating-bench-sync-${config.search.indexPrefix}`,
    args: [{ taskQueues: { maintenance: worker.queues.maintenance }, suppliers: ['hotel'] }],
  });
  await worker.stop();
  suppliers.shutdown();
}

/** One hotel in ten rated, through the reviews' writer; returns how many. */
async function rateHotels(opensearch: Client, redis: ReturnType<typeof createRedis>, prefix: string) {
  const index = aliasName(prefix, 'hotels');
  let after: unknown[] | undefined;
  let rated = 0;
  let seen = 0;
  for (;;) {
    const page = await opensearch.search({
      index,
      body: {
        size: 1000,
        _source: false,
        sort: [{ id: 'asc' }],
        ...(after && { search_after: after }),
      } as never,
    });
    const hits = page.body.hits.hits as { _id: string; sort: unknown[] }[];
    for (const hit of hits) {
      seen += 1;
      if (seen % 10 !== 0) continue;
      const average = 1 + ((seen * 7) % 41) / 10;
      await writeHotelRating({ opensearch, redis, indexPrefix: prefix }, hit._id, {
        average,
        count: 1 + (seen % 200),
      });
      rated += 1;
    }
    if (hits.length < 1000) return { rated, hotels: seen };
    after = hits[hits.length - 1]!.sort;
  }
}

interface Tally {
  ms: number;
  cpuUs: number;
  osCpuMs: number;
  took: number[];
  n: number;
}
const fresh = (): Tally => ({ ms: 0, cpuUs: 0, osCpuMs: 0, took: [], n: 0 });

async function measure(opensearch: Client, tally: Tally, tasks: (() => Promise<void>)[]) {
  const os0 = await opensearchCpuMs(opensearch);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
  tally.ms += performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  tally.cpuUs += cpu.user + cpu.system;
  tally.osCpuMs += (await opensearchCpuMs(opensearch)) - os0;
  tally.n += tasks.length;
}

async function main() {
  const loadAtStart = loadavg()[0]!.toFixed(1);
  const reused = arg('prefix');
  const prefix = reused ?? `rate${randomBytes(3).toString('hex')}`;
  const base = loadConfig();
  const config: Config = { ...base, search: { ...base.search, indexPrefix: prefix, cacheTtlSeconds: 1 } };
  const logger = createLogger({ ...config, log: { level: 'warn' } });
  const opensearch = createOpenSearch(config);
  const redis = createRedis(config, logger);
  try {
    if (!reused) await sync(config, opensearch, redis);
    const { rated, hotels } = await rateHotels(opensearch, redis, prefix);
    const service = createSearchService({ opensearch, redis, search: config.search });
    const index = aliasName(prefix, 'hotels');
    const cities = (
      JSON.parse(readFileSync('tools/supplier-sim/seed/cities.json', 'utf8')) as string[][]
    ).map((c) => c[0]!);
    const today = new Date().toISOString().slice(0, 10);
    const direct = (s: HotelSearch, t: Tally) => async () => {
      const answer = await opensearch.search({ index, body: hotelQuery(s) as never, request_cache: false });
      t.took.push((answer.body as { took: number }).took);
    };
    // Each search distinct (random price_interval), so the service's cache never answers.
    const viaService = (s: HotelSearch) => async () => {
      await service.hotels(s);
    };
    for (const s of mix(cities, today, 400, 7)) await direct(s, fresh())(); // JIT warm-up
    const names = Object.keys(VARIANTS) as Variant[];
    const tallies = new Map(
      names.flatMap(
        (v) =>
          [
            [`${v} service`, fresh()],
            [`${v} direct`, fresh()],
          ] as const,
      ),
    );
    const searches = mix(cities, today, N, 42);
    for (let from = 0, b = 0; from < searches.length; from += BLOCK, b += 1) {
      const block = searches.slice(from, from + BLOCK);
      for (let k = 0; k < names.length; k += 1) {
        const v = names[(k + b) % names.length]!;
        const shaped = block
          .map(VARIANTS[v])
          .map((s) => ({ ...s, priceInterval: s.priceInterval + b * 7 + k }));
        const d = tallies.get(`${v} direct`)!;
        await measure(
          opensearch,
          d,
          shaped.map((s) => direct(s, d)),
        );
        await measure(opensearch, tallies.get(`${v} service`)!, shaped.map(viaService));
      }
    }
    const rate = (t: Tally) => (t.n * 1000) / t.ms;
    const rows = names.map((v) => {
      const s = tallies.get(`${v} service`)!;
      const d = tallies.get(`${v} direct`)!;
      return (
        `| ${v} | ${Math.round(rate(s))} | ${Math.round(rate(d))} | ${(rate(s) / rate(d)).toFixed(2)}× | ` +
        `${Math.round(s.cpuUs / s.n)} | ${Math.round(d.cpuUs / d.n)} | ${Math.round((s.osCpuMs * 1000) / s.n)} | ` +
        `${Math.round((d.osCpuMs * 1000) / d.n)} | ${percentile(d.took, 50)} / ${percentile(d.took, 99)} ms |`
      );
    });
    const section = [
      '',
      `## Hotel search by rating (bench/search-rating.ts), ${new Date().toISOString()}`,
      '',
      `Machine: ${availableParallelism()} CPUs, ${cpus()[0]?.model.trim() ?? 'unknown CPU'}; Node ${process.version}; the shared dev ` +
        `stack's OpenSearch on the same host; load average ${loadAtStart} at the start, ${loadavg()[0]!.toFixed(1)} at the end. ` +
        `${hotels.toLocaleString('en-US')} hotels, ${rated.toLocaleString('en-US')} of them rated through the reviews' writer ` +
        `(writeHotelRating). ${N} searches per variant, the bench/search-os-probe.ts mix (random city, stay, guests, 30% stars=4,5, ` +
        `distinct price_interval: never cached), ${C} in flight, interleaved in blocks of ${BLOCK}. "service": services/search ` +
        '(query, OpenSearch call, answer) in this process, no HTTP; "direct": the same query body straight to OpenSearch. ' +
        'Process CPU includes the load generator; OpenSearch CPU is from node stats of a shared node (an upper bound).',
      '',
      '| variant | service req/s | direct req/s | service/direct | process CPU µs/search (service) | process CPU µs/search (direct) | OpenSearch CPU µs/search (service) | OpenSearch CPU µs/search (direct) | direct `took` p50 / p99 |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
    ].join('\n');
    console.log(section);
    if (!process.argv.includes('--dry')) appendFileSync('bench/RESULTS.md', `${section}\n`);
  } finally {
    if (!reused) await dropSearchIndices(opensearch, prefix);
    await opensearch.close();
    await redis.quit();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
