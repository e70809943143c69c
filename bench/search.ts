import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, loadavg, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { createSearchIndexActivities, type SearchIndexDeps } from '../activities/search/search-activities';
import { createSupplierAdapters } from '../activities/suppliers';
import { createOpenSearch, createRedis } from '../lib/clients';
import { loadConfig, type Config } from '../lib/config';
import { createLogger } from '../lib/logger';
import { aliasName, dropSearchIndices, ensureSearchIndices } from '../services/search';
import { inventorySyncWorkflow } from '../workflows/search/inventory-sync';
import { startMaintenanceWorker } from '../test/helpers/maintenance-worker';
import { startSearchApiPool } from './search-api-pool';
import { startBurner } from './cpu-burner';
import { splitCores } from './split-cores';
import { directBodies, directScript, directUrl } from './search-direct';
import { ratioLines } from './search-ratios';
import {
  cpuSince,
  opensearchPid,
  percentile,
  profileMarkdown,
  type ProfileSummary,
  type ServiceCpu,
} from './search-probes';

/**
 * Search throughput: scripts/with-env.sh node --import tsx bench/search.ts [seconds per scenario, ≤ 20] [--profile] [--dry]
 *   [--uncached-only | --cached-only] [--keep] [--prefix=P] [--processes=N] [--split-cores]
 * --profile adds a V8 CPU profile of the API per search scenario (top self time in the output);
 * --dry prints without appending to bench/RESULTS.md; --uncached-only runs the uncached mix
 * alone; --keep leaves the synced indices in place and prints their prefix, which --prefix=P
 * reuses (no sync, nothing dropped), so before/after runs search the same index.
 * Syncs the stack simulator's whole seeded inventory into indices of its own (a fresh prefix),
 * then starts N API processes (bench/search-api-process.ts; default one per core, sharing the
 * port as a host runs them) and loads, with wrk (a separate process), a bare Koa route (the ceiling, in the same processes), a cached search
 * (one query) and uncached searches (a mix of cities, dates, guests and stars, each made distinct
 * so the cache never answers), through the full chain: client IP behind a trusted proxy, request
 * log (info, to a discarding stream), metrics, headers, the global per-IP and the search limits.
 * wrk's Lua script sends a random X-Forwarded-For per request (2^24 addresses), so no limit is hit.
 * --split-cores pins the local OpenSearch to the last core and the API processes and wrk to the
 * others (bench/split-cores.ts): what the figures are when the API does not share OpenSearch's cores.
 */
const SECONDS = Math.min(20, Number(process.argv[2] ?? 10) || 10);
const PROFILE = process.argv.includes('--profile');
const UNCACHED_ONLY = process.argv.includes('--uncached-only');
const CACHED_ONLY = process.argv.includes('--cached-only');
const SPLIT_CORES = process.argv.includes('--split-cores');
const REUSED = process.argv.find((a) => a.startsWith('--prefix='))?.slice('--prefix='.length);
const KEEP = process.argv.includes('--keep') || REUSED !== undefined;
const CONNECTIONS = 50;
const DIRECT_BODIES = 10_000;
// Counted before --split-cores narrows this process's affinity (availableParallelism follows it).
const CORES = availableParallelism();
// As many API processes as cores by default, as a host runs them; --processes=1 for one alone.
const PROCESSES = Number(
  process.argv.find((a) => a.startsWith('--processes='))?.slice('--processes='.length) ?? CORES,
);
const exec = promisify(execFile);
const sink = new Writable({ write: (_c, _e, done) => done() });

interface Measured extends Run {
  cpu: ServiceCpu;
  profile?: ProfileSummary;
}

interface Run {
  rate: number;
  p50: string;
  p99: string;
  requests: number;
}

async function wrk(url: string, script: string, connections = CONNECTIONS): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-search-'));
  const file = join(dir, 'load.lua');
  writeFileSync(file, script);
  const threads = Math.min(2, connections);
  const args = [`-t${threads}`, `-c${connections}`, `-d${SECONDS}s`, '--latency', '-s', file, url];
  const { stdout } = await exec('wrk', args, { timeout: (SECONDS + 30) * 1000 });
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  if (non2xx) throw new Error(`wrk saw ${non2xx[1]} failed answers:\n${stdout}`);
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const pct = (p: string) => new RegExp(`\\s${p}%\\s+([\\d.]+\\w+)`).exec(stdout)?.[1] ?? '?';
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  return { rate, p50: pct('50'), p99: pct('99'), requests };
}

const XFF = `local function ip() return "10." .. math.random(0,255) .. "." .. math.random(0,255) .. "." .. math.random(1,254) end`;

function staticScript(): string {
  return `${XFF}\nrequest = function() wrk.headers["X-Forwarded-For"] = ip(); return wrk.format("GET") end\n`;
}

/** The uncached mix; each wrk thread seeded apart and per run, so no two runs repeat a query. */
function mixScript(path: string, cities: string[], start: string): string {
  const list = cities.map((c) => `"${encodeURIComponent(c)}"`).join(',');
  const base = Date.parse(`${start}T00:00:00Z`) / 1000;
  const seed = randomBytes(3).readUIntBE(0, 3);
  return `${XFF}
local cities = {${list}}
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("id", threads) end
init = function() math.randomseed(${seed} + 7919 * id) end
request = function()
  wrk.headers["X-Forwarded-For"] = ip()
  local d = ${base} + 86400 * math.random(1, 40)
  local q = "${path}?city=" .. cities[math.random(#cities)] ..
    "&check_in=" .. os.date("!%Y-%m-%d", d) .. "&check_out=" .. os.date("!%Y-%m-%d", d + 86400 * math.random(1, 5)) ..
    "&guests=" .. math.random(1, 3) .. (math.random() < 0.3 and "&stars=4,5" or "") ..
    "&price_interval=" .. math.random(1000, 999999)
  return wrk.format("GET", q)
end
`;
}

/**
 * Why OpenSearch spends more CPU per search through the API than straight (issue 20): the same
 * mix straight at the API's concurrency, and at full concurrency beside a busy core, each say how
 * much of the difference they bring.
 */
function extraCpuLine(
  runs: { api: Measured; direct: Measured; asApi: Measured; busy: Measured },
  inFlight: number,
): string {
  const per = (r: Measured) => (r.cpu.opensearchMs * 1000) / Math.max(1, r.requests);
  const [a, d] = [per(runs.api), per(runs.direct)];
  const part = (r: Measured) =>
    a > d ? ` (${Math.round(((per(r) - d) / (a - d)) * 100)}% of the difference)` : '';
  return (
    `OpenSearch CPU per search: through the API ${Math.round(a)} µs, straight ${Math.round(d)} µs ` +
    `(${a >= d ? '+' : ''}${Math.round(((a - d) / d) * 100)}% through the API). The API had ${inFlight.toFixed(1)} searches at OpenSearch at once on average ` +
    `(its round trips summed over the run), wrk ${CONNECTIONS}: straight at the API's concurrency ${Math.round(per(runs.asApi))} µs${part(runs.asApi)}; ` +
    `straight at ${CONNECTIONS} with one core kept busy by another process (bench/cpu-burner.ts, about the API's share) ${Math.round(per(runs.busy))} µs${part(runs.busy)}.`
  );
}

async function syncHotels(config: Config, deps: SearchIndexDeps) {
  await ensureSearchIndices(deps.opensearch, config.search.indexPrefix);
  const worker = await startMaintenanceWorker(createSearchIndexActivities(deps), { logLevel: 'error' });
  const synced = Date.now();
  const sync = await worker.client.workflow.execute(inventorySyncWorkflow, {
    taskQueue: worker.queues.maintenance,
    workflowId: `bench-sync-${config.search.indexPrefix}`,
    args: [{ taskQueues: { maintenance: worker.queues.maintenance }, suppliers: ['hotel'] }],
  });
  const syncSeconds = Math.round((Date.now() - synced) / 1000);
  await worker.stop();
  return { hotels: sync.synced[0]?.indexed ?? 0, syncSeconds };
}

async function main() {
  const loadAtStart = loadavg()[0]!.toFixed(1);
  const profileDir = mkdtempSync(join(tmpdir(), 'bench-search-profile-'));
  const prefix = REUSED ?? `bench${randomBytes(3).toString('hex')}`;
  const base = loadConfig();
  const config = {
    ...base,
    search: { ...base.search, indexPrefix: prefix },
    api: { ...base.api, host: '127.0.0.1', port: 0, trustedProxies: ['127.0.0.1/32'] },
  };
  const logger = createLogger({ ...config, log: { level: 'info' } }, sink);
  const opensearch = createOpenSearch(config);
  const redis = createRedis(config, logger);
  if (redis.status !== 'ready') await once(redis, 'ready');
  const suppliers = createSupplierAdapters(config);
  const { hotels, syncSeconds } = REUSED
    ? { hotels: (await opensearch.count({ index: aliasName(prefix, 'hotels') })).body.count, syncSeconds: 0 }
    : await syncHotels(config, { adapters: suppliers.adapters, opensearch, redis, search: config.search });

  const split = SPLIT_CORES ? splitCores(opensearchPid(config.opensearch.url)) : undefined;
  const pool = await startSearchApiPool(prefix, PROCESSES);
  const url = pool.apiUrl;
  const bareUrl = pool.bareUrl;

  const cities = (JSON.parse(readFileSync('tools/supplier-sim/seed/cities.json', 'utf8')) as string[][]).map(
    (c) => c[0]!,
  );
  const start = new Date().toISOString().slice(0, 10);
  const d = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const cachedPath = `/api/v1/search/hotels?city=Lisbon&check_in=${d(7)}&check_out=${d(10)}&guests=2`;
  try {
    await wrk(bareUrl, staticScript()); // warm-up
    await wrk(`${url}${cachedPath}`, staticScript()); // warm-up of the chain: JIT, pools, scripts
    const measured = async (
      name: string,
      target: string,
      script: string,
      connections = CONNECTIONS,
    ): Promise<Measured> => {
      const used = await cpuSince(opensearch, redis, pool.cpuMs);
      const [run, profile] = PROFILE
        ? await pool.profiled(join(profileDir, name), () => wrk(target, script, connections))
        : [await wrk(target, script, connections), undefined];
      return { ...run, cpu: await used(), profile };
    };
    const cachedBytes = (await fetch(`${url}${cachedPath}`)).headers.get('content-length');
    const skipped: Measured = {
      rate: NaN,
      p50: '-',
      p99: '-',
      requests: 0,
      cpu: { apiMs: 0, opensearchMs: 0, redisMs: 0 },
    };
    const bareRun = UNCACHED_ONLY ? skipped : await measured('bare', bareUrl, staticScript());
    const cachedRun = UNCACHED_ONLY
      ? skipped
      : await measured('cached', `${url}${cachedPath}`, staticScript());
    if (!CACHED_ONLY) await wrk(url, mixScript('/api/v1/search/hotels', cities, start)); // warm-up of the uncached path
    await pool.takeTook();
    const uncachedRun = CACHED_ONLY
      ? skipped
      : await measured('uncached', url, mixScript('/api/v1/search/hotels', cities, start));
    const took = await pool.takeTook();
    // Searches the API had at OpenSearch at once, on average (Little's law over its round trips).
    const apiInFlight = took.roundTripMs.reduce((a, b) => a + b, 0) / (SECONDS * 1000);
    // The same mix straight to OpenSearch (issue 20's ceiling for the uncached search), right after.
    const bodies = CACHED_ONLY ? '' : directBodies(cities, config, DIRECT_BODIES);
    const directRun = CACHED_ONLY
      ? skipped
      : await measured('direct', directUrl(config), directScript(bodies, config));
    // Issue 20: OpenSearch spends more CPU per search through the API than straight. The same mix
    // straight again while another process keeps about the API's share of a core busy tells
    // whether that is the request or the sharing of the cores.
    let directBusyRun = skipped;
    let directAsApiRun = skipped;
    const asApi = Math.max(1, Math.round(apiInFlight));
    if (!CACHED_ONLY) {
      const script = directScript(bodies, config);
      directAsApiRun = await measured('direct-as-api', directUrl(config), script, asApi);
      const burner = await startBurner();
      try {
        await burner.set(true);
        directBusyRun = await measured('direct-busy', directUrl(config), directScript(bodies, config));
      } finally {
        burner.stop();
      }
    }
    const ceiling = bareRun.rate;
    const perReq = (ms: number, r: Run) => Math.round((ms * 1000) / Math.max(1, r.requests));
    const row = (label: string, r: Measured) =>
      `| ${label} | ${Math.round(r.rate).toLocaleString('en-US')} | ${r.p50} | ${r.p99} | ${(r.rate / ceiling).toFixed(2)}× | ` +
      `${perReq(r.cpu.apiMs, r)} | ${perReq(r.cpu.opensearchMs, r)} | ${perReq(r.cpu.redisMs, r)} |`;
    const section = [
      '',
      `## Search (bench/search.ts), ${new Date().toISOString()}`,
      '',
      `Machine: ${CORES} CPUs, ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${platform()} ${arch()}; Node ${process.version}; ` +
        `OpenSearch, Redis and wrk on the same host; wrk 2 threads, ${CONNECTIONS} connections, ${SECONDS} s per scenario; ` +
        `${hotels.toLocaleString('en-US')} hotels indexed (sync ${syncSeconds} s); load average ${loadAtStart} at the start, ${loadavg()[0]!.toFixed(1)} at the end (a shared machine)` +
        `${PROFILE ? '; V8 CPU profiler on (costs the API some CPU)' : ''}${split ? `; ${split.says}` : ''}. ` +
        `${pool.processes} API process${pool.processes === 1 ? '' : 'es'} sharing the port (SO_REUSEPORT), the bare route in the same processes; CPU columns sum them. ` +
        'Full chain on the API (trusted proxy + random X-Forwarded-For per request, request log at info to a discarding stream, ' +
        'global per-IP and search limits). Uncached: random city of 133, check-in 1-40 days ahead, 1-5 nights, 1-3 guests, ' +
        '30% with stars=4,5, and a random price_interval so no two requests share a cache key. ' +
        `Straight to OpenSearch: ${DIRECT_BODIES.toLocaleString('en-US')} searches drawn the same way, made into query bodies by the API's own code (toHotelSearch, hotelQuery), posted by wrk to the alias's _search in turn (bench/search-direct.ts). ` +
        'Targets (issue 20): cached ≥ 0.25× the bare route, uncached ≥ 0.8× the direct mix, in the same run; headline: uncached ≥ 1,000 req/s with p99 ≤ 100 ms. ' +
        'CPU columns: CPU time per answered request of the API process, of OpenSearch (/proc of its process when it runs here, node stats otherwise) and of Redis (INFO cpu); ' +
        'OpenSearch and Redis are shared with other users of the stack, so theirs is an upper bound.',
      '',
      '| scenario | req/s | p50 | p99 | of ceiling | API CPU µs/req | OpenSearch CPU µs/req | Redis CPU µs/req |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...(UNCACHED_ONLY
        ? []
        : [row('bare Koa route (ceiling)', bareRun), row('cached hotel search', cachedRun)]),
      ...(CACHED_ONLY
        ? []
        : [
            row('uncached hotel search (mix)', uncachedRun),
            row('the same mix straight to OpenSearch (uncached ceiling)', directRun),
            row(
              `the same mix straight, ${asApi} connection${asApi === 1 ? '' : 's'} (as many searches in flight as the API had)`,
              directAsApiRun,
            ),
            row('the same mix straight, one core kept busy by another process', directBusyRun),
          ]),
      '',
      ...ratioLines({ bare: bareRun, cached: cachedRun, uncached: uncachedRun, direct: directRun }),
      '',
      ...(CACHED_ONLY
        ? []
        : [
            extraCpuLine(
              { api: uncachedRun, direct: directRun, asApi: directAsApiRun, busy: directBusyRun },
              apiInFlight,
            ),
            '',
          ]),
      `OpenSearch \`took\` of the uncached searches (time inside OpenSearch): p50 ${percentile(took.took, 50)} ms, ` +
        `p99 ${percentile(took.took, 99)} ms over ${took.took.length} queries. The cached answer is ${cachedBytes} bytes of JSON.`,
      '',
      ...(PROFILE
        ? [
            ...(UNCACHED_ONLY ? [] : [profileMarkdown('cached search', cachedRun.profile!)]),
            ...(CACHED_ONLY ? [] : [profileMarkdown('uncached search', uncachedRun.profile!)]),
            `Raw profiles: ${profileDir} (open in Chrome DevTools).`,
            '',
          ]
        : []),
    ].join('\n');
    console.log(section);
    if (!process.argv.includes('--dry')) appendFileSync('bench/RESULTS.md', `${section}\n`);
  } finally {
    split?.restore();
    await pool.stop();
    suppliers.shutdown();
    if (KEEP) console.log(`indices kept: --prefix=${prefix} reuses them`);
    else await dropSearchIndices(opensearch, prefix);
    await opensearch.close();
    await redis.quit();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
