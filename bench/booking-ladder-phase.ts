import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BARE_START_PATH } from '../api/routes/bookings/bare-start-route';
import { acceptRun } from './booking-accept';
import { bearerCustomers, benchApiEnv, startBenchApi } from './booking-api';
import {
  climbLadder,
  cpuPerRequestAtCommonRates,
  heldWithin,
  neverFailed,
  sustainedRate,
  type LadderPlan,
  type LadderRoute,
  type LadderStep,
} from './booking-ladder';
import { cpuSecondsOf, listenerPid, processTreeCpuSeconds } from './process-cpu';
import { load, ms, num } from './booking-results';
import type { BenchStack } from './booking-stack';
import { syntheticFlightBooking } from './booking-synthetic-body';
import { terminateOpen } from './booking-terminate';
import { readCpuProfile, summariseWindow } from './cpu-profile-window';
import { readDependencyTotals } from './dependency-probe-reader';
import { profileMarkdown } from './search-probes';

const ACCEPT = 'accept (POST /api/v1/bookings)';
const BARE = `bare start (POST ${BARE_START_PATH})`;
const BARE_USERS = 20;
/** Besides the target's bound, the ladder's figures within these (up to the plan's climbUntilMs). */
const LOOSER_BOUNDS_MS = [100, 250, 500, 1_000];

export interface LadderPhaseOptions {
  plan: LadderPlan;
  /** Requests per route at 25/s before the ladder: JIT, connection pools. */
  warmup: number;
  /**
   * An experiment, never a configuration to ship: extra environment for the API process and a
   * sentence saying what it changes (e.g. PGOPTIONS for its Postgres sessions).
   */
  experiment?: { env: NodeJS.ProcessEnv; says: string };
  /** Where node --cpu-prof writes the API's profile (whole life; cut per step); none: no profile. */
  profileDir?: string;
}

/** Verified customers with Bearer sessions, made as the ladder needs them (limits stay real). */
function customerSupply(stack: BenchStack, api: Awaited<ReturnType<typeof benchApiEnv>>) {
  const closers: (() => Promise<void>)[] = [];
  return {
    async fresh(n: number): Promise<string[]> {
      const signedIn = await bearerCustomers(stack, n, api);
      closers.push(() => signedIn.close());
      return signedIn.tokens;
    },
    async close() {
      await Promise.all(closers.map((c) => c()));
    },
  };
}

const IDLE_SECONDS = 4;

/** What the API and the Temporal server spend per second with no request (after a settling second). */
async function idleCpu(api: () => number, temporal: () => number, postgres: () => number) {
  await sleep(1_000);
  const [api0, temporal0, postgres0] = [api(), temporal(), postgres()];
  await sleep(IDLE_SECONDS * 1_000);
  const per = (now: number, then: number) => (now - then) / IDLE_SECONDS;
  return {
    api: per(api(), api0),
    temporal: per(temporal(), temporal0),
    postgres: per(postgres(), postgres0),
  };
}

const setPools = (stack: BenchStack, signal: 'SIGSTOP' | 'SIGCONT') =>
  stack.workers.forEach((w) => w.child.kill(signal));

const waitCell = (s: LadderStep, name: 'postgres' | 'redis' | 'temporal') =>
  s.waits ? `${num(s.waits[name].calls, 1)} / ${num(s.waits[name].ms, 1)} ms` : '–';

const firstTry = (s: LadderStep) =>
  s.firstTry ? ` (rerun; first try ${ms(s.firstTry.p99)}${s.firstTry.ok ? '' : ', not all 202'})` : '';

function stepRow(s: LadderStep, boundMs: number): string {
  const answers = Object.entries(s.statuses)
    .map(([status, n]) => `${n}× ${status}`)
    .join(', ');
  return (
    `| ${s.rate}/s | ${s.route} | ${answers} | ${ms(s.p50)} | ${ms(s.p99)}${firstTry(s)} | ${ms(s.max)} | ` +
    `${num(s.apiCpuUs, 0)} | ${num(s.temporalCpuUs, 0)} | ${num(s.postgresCpuUs, 0)} | ${waitCell(s, 'postgres')} | ${waitCell(s, 'redis')} | ${waitCell(s, 'temporal')} | ${ms(s.maxSendLagMs)} | ${s.load} | ${heldWithin(s, boundMs) ? 'yes' : '**no**'} |`
  );
}

/** The highest rate both routes ran (the first step's, if none). */
function sharedRate(steps: readonly LadderStep[]): number {
  const both = steps.filter(
    (s) => s.route === ACCEPT && steps.some((b) => b.route === BARE && b.rate === s.rate),
  );
  return (both.at(-1) ?? steps[0]!).rate;
}

/**
 * What one request of each route waited on, call by call: at the highest rate both held within
 * `boundMs` (the cause, before queues form), and at the highest rate both ran (where it broke).
 */
function waitLines(steps: readonly LadderStep[], boundMs: number): string[] {
  const heldBoth = steps.filter(
    (s) =>
      s.route === ACCEPT &&
      heldWithin(s, boundMs) &&
      steps.some((b) => b.route === BARE && b.rate === s.rate && heldWithin(b, boundMs)),
  );
  const rates = [...new Set([...(heldBoth.length > 0 ? [heldBoth.at(-1)!.rate] : []), sharedRate(steps)])];
  return rates.flatMap((rate) => waitTable(steps, rate));
}

function waitTable(steps: readonly LadderStep[], rate: number): string[] {
  const lines = [
    `#### What a request waited on at ${rate}/s (bench/dependency-probe.ts: calls per request, wall time per request summed over them)`,
    '',
    '| route | call | calls/request | ms/request |',
    '|---|---|---:|---:|',
  ];
  for (const route of [ACCEPT, BARE]) {
    const step = steps.find((s) => s.route === route && s.rate === rate);
    if (!step?.waits) continue;
    const rows = Object.entries(step.waits.detail).sort((a, b) => b[1].ms - a[1].ms);
    for (const [label, tally] of rows) {
      lines.push(
        `| ${route} | \`${label.replace(/\|/g, '\\|')}\` | ${num(tally.calls, 2)} | ${num(tally.ms, 1)} |`,
      );
    }
    lines.push(`| ${route} | **the request, p50** | | ${num(step.p50, 1)} |`);
  }
  return [...lines, ''];
}

/** The profile's lines: the accept and the bare start at the highest rate both ran. */
function profileLines(dir: string, steps: readonly LadderStep[]): string[] {
  const profile = readCpuProfile(join(dir, 'api'));
  const rate = sharedRate(steps);
  const lines = [
    `#### Where the API's CPU goes at ${rate}/s (node --cpu-prof on the API, samples of each step's window, idle excluded)`,
    '',
  ];
  for (const route of [ACCEPT, BARE]) {
    const step = steps.find((s) => s.route === route && s.rate === rate)!;
    const { summary, busySamples } = summariseWindow(profile, step.fromUs, step.toUs);
    lines.push(
      `${route}: ${busySamples} busy samples (1 ms each) over ${step.requests} requests.`,
      '',
      profileMarkdown(route, summary),
    );
  }
  lines.push(`Raw profile: ${join(dir, 'api')} (open in Chrome DevTools).`, '');
  return lines;
}

/**
 * Issue 20's accept target: the open-loop step ladder for `POST /api/v1/bookings` and for the
 * bare-start ceiling in the same API process (api/routes/bookings/bare-start-route.ts), pools
 * stopped. Returns the lines for bench/RESULTS.md.
 */
export async function ladderPhase(stack: BenchStack, options: LadderPhaseOptions): Promise<string[]> {
  const { plan } = options;
  // POST /bookings counts against both the bookings and the payment-attempts limit of the user.
  const { bookings: bookingLimit, payments: paymentLimit } = stack.config.rateLimits;
  const perUser = Math.max(1, Math.min(bookingLimit.limit, paymentLimit.limit) - 1);
  const apiEnv = await benchApiEnv(stack);
  apiEnv.env.BENCH_BARE_START_ROUTE = 'on';
  Object.assign(apiEnv.env, options.experiment?.env);
  const probeFile = join(stack.dir, 'api-dependencies.json');
  apiEnv.env.BENCH_DEP_PROBE_FILE = probeFile;
  if (options.profileDir) apiEnv.env.BENCH_CPU_PROF = options.profileDir;
  else delete apiEnv.env.BENCH_CPU_PROF;
  const supply = customerSupply(stack, apiEnv);
  const bareTokens = await supply.fresh(BARE_USERS);
  const bodies = (n: number) => Array.from({ length: n }, syntheticFlightBooking);
  const routes: LadderRoute[] = [
    {
      label: BARE,
      path: BARE_START_PATH,
      tokens: () => Promise.resolve(bareTokens),
      bodies,
    },
    { label: ACCEPT, path: '/api/v1/bookings', tokens: (n) => supply.fresh(Math.ceil(n / perUser)), bodies },
  ];
  const api = await startBenchApi(stack, apiEnv);
  const startLoad = load();
  let steps: LadderStep[] = [];
  let idle: { api: number; temporal: number; postgres: number } | undefined;
  let stopped = false;
  try {
    setPools(stack, 'SIGSTOP');
    stopped = true;
    for (const route of routes) {
      const n = options.warmup;
      await acceptRun(apiEnv.url, await route.tokens(n), route.bodies(n), 25, route.path);
    }
    const apiCpuSeconds = () => api.cpuSeconds();
    const temporalCpuSeconds = () => cpuSecondsOf(stack.temporalPid);
    const postgresPid = listenerPid(Number(new URL(stack.config.database.url).port || 5432));
    const postgresCpuSeconds = () => (postgresPid ? processTreeCpuSeconds(postgresPid) : Number.NaN);
    idle = await idleCpu(apiCpuSeconds, temporalCpuSeconds, postgresCpuSeconds);
    steps = await climbLadder(routes, plan, {
      baseUrl: apiEnv.url,
      apiCpuSeconds,
      temporalCpuSeconds,
      postgresCpuSeconds,
      idle,
      dependencies: () => readDependencyTotals(api.child.pid!, probeFile),
      onStep: (s) =>
        console.log(
          `${s.rate}/s ${s.route}: p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, API ${num(s.apiCpuUs, 0)} µs/request, load ${s.load}`,
        ),
    });
  } finally {
    // The accepted bookings' sagas would run on synthetic flights: end them before the pools wake.
    if (stopped) console.log(`terminated ${await terminateOpen(stack)} accepted bookings (pools stopped)`);
    setPools(stack, 'SIGCONT');
    await api.stop();
    await supply.close();
  }
  const target = plan.p99BoundMs;
  const rates = (bound: number) => ({
    bare: sustainedRate(steps, BARE, bound),
    accept: sustainedRate(steps, ACCEPT, bound),
  });
  const { bare, accept } = rates(target);
  const ratio = accept / bare;
  const cpuAccept = cpuPerRequestAtCommonRates(steps, ACCEPT, BARE);
  const cpuBare = cpuPerRequestAtCommonRates(steps, BARE, ACCEPT);
  const cpuRatio = cpuAccept / cpuBare;
  const hostAccept = cpuPerRequestAtCommonRates(steps, ACCEPT, BARE, 'hostCpuUs');
  const hostBare = cpuPerRequestAtCommonRates(steps, BARE, ACCEPT, 'hostCpuUs');
  const bound = (label: string, rate: number, boundMs: number) =>
    `${rate}/s${neverFailed(steps, label, boundMs) ? ' (within it at every rate offered: a lower bound)' : ''}`;
  const looser = LOOSER_BOUNDS_MS.filter((b) => b > target && b <= plan.climbUntilMs).map((b) => {
    const r = rates(b);
    return `p99 ≤ ${b} ms: bare start ${bound(BARE, r.bare, b)}, accept ${bound(ACCEPT, r.accept, b)}, ratio ${num(r.accept / r.bare, 2)}`;
  });
  return [
    '',
    `### POST /api/v1/bookings against a bare start in the same API process: open-loop step ladder, p99 ≤ ${target} ms${options.experiment ? ' (an experiment)' : ''}`,
    '',
    ...(options.experiment
      ? [`**Experiment, not the platform as configured:** ${options.experiment.says}`, '']
      : []),
    `The real api/server.ts in its own process (private database and queues, sessions under a private Redis prefix, request log at info to a file), ` +
      `with BENCH_BARE_START_ROUTE=on, which mounts POST ${BARE_START_PATH}: the same app chain, authentication, \`book\` permission and body schema as the accept, ` +
      'then only the saga start an accept makes (services/bookings/saga-start.ts: same input size, search attributes, id policy, payload codec and Temporal connection) on a queue no worker polls; ' +
      'not the accept’s own work (bookings and payment-attempt limits, idempotency record, PENDING row, user key, audit). ' +
      `The four pools stopped (SIGSTOP) for the whole phase, as on their own hosts. Open loop (bench/booking-accept.ts, in the bench's process): request i is due at t0 + i/rate and its latency counts from then. ` +
      `Steps at ${plan.rates.join(', ')}/s, ${plan.seconds} s each (at least ${plan.minRequests} requests), the two routes interleaved at each rate after ${options.warmup} warm-up requests of each at 25/s; ` +
      `a step that misses p99 ≤ ${plan.p99BoundMs} ms is run once more and the rerun decides (its first try is shown beside it); ` +
      `a route leaves the ladder at its first step with p99 > ${plan.climbUntilMs} ms or any answer other than 202; its figure for a bound is the rate below its first step past that bound ` +
      '(the generator’s own lateness counts in the latency, since latency runs from the due time). ' +
      `Each request its own synthetic flight and PaymentMethod (the accept checks shapes; no pool runs the sagas). Accept: fresh verified customers, at most ${perUser} bookings each, so the ` +
      `bookings (${bookingLimit.limit} per ${bookingLimit.windowSeconds} s) and payment-attempt (${paymentLimit.limit} per ${paymentLimit.windowSeconds} s) limits keep their configured values ` +
      `(each customer's first booking also creates their data key); bare start: ${BARE_USERS} customers in turn. A random X-Forwarded-For of 198.18.0.0/15 per request through the trusted proxy. ` +
      'Per request, the calls the API made to Postgres (Sequelize queries), Redis (commands) and Temporal (starts) and the wall time it waited on them, summed (bench/dependency-probe.ts, loaded into the API). ' +
      `CPU per request from /proc over each step (API process; the bench's own Temporal dev server; the stack's Postgres, postmaster and backends, shared with whatever else uses it: an upper bound), less what each spent idle over as long ` +
      `(measured over ${IDLE_SECONDS} s with no request after the warm-up: API ${num((idle?.api ?? NaN) * 1000, 0)} ms/s, Temporal ${num((idle?.temporal ?? NaN) * 1000, 0)} ms/s, Postgres ${num((idle?.postgres ?? NaN) * 1000, 0)} ms/s). Load average ${startLoad} at the start of the phase, ${load()} at its end; per step below.`,
    '',
    `| offered | route | answers | p50 | p99 | max | API CPU µs/request | Temporal CPU µs/request | Postgres CPU µs/request | Postgres calls / wait | Redis calls / wait | Temporal calls / wait | generator lag (max) | load average | p99 ≤ ${target} ms |`,
    '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...steps.map((s) => stepRow(s, target)),
    '',
    `Highest offered rate with p99 ≤ ${target} ms: bare start ${bound(BARE, bare, target)}, accept ${bound(ACCEPT, accept, target)}. ` +
      `**Accept/bare-start rate: ${num(ratio, 2)}** (target ≥ 0.7: ${ratio >= 0.7 ? 'met' : 'missed'}). ` +
      `**API CPU per request, accept/bare start: ${num(cpuRatio, 2)}** (${num(cpuAccept, 0)} against ${num(cpuBare, 0)} µs, over the rates both ran; target ≤ 2: ${cpuRatio <= 2 ? 'met' : 'missed'}).`,
    '',
    `What a request cost the host's cores (API + Temporal server + Postgres, over the rates both ran): accept ${num(hostAccept, 0)} µs, bare start ${num(hostBare, 0)} µs. ` +
      `All three share this host's ${availableParallelism()} cores, so once they are busy the rates can stand no higher than the inverse of these costs: ` +
      `bare start/accept cost ${num(hostBare / hostAccept, 2)}, the rate ratio a CPU-bound host allows.`,
    '',
    ...(looser.length > 0
      ? [`Within looser bounds, same run (not the target; for a loaded machine): ${looser.join('; ')}.`, '']
      : []),
    ...(steps.length > 0 ? waitLines(steps, target) : []),
    ...(options.profileDir && steps.length > 0 ? profileLines(options.profileDir, steps) : []),
  ];
}

/** The profile directory of a run: BENCH_CPU_PROF if set (every child is profiled), a fresh one with --profile. */
export function profileDirOf(argv: readonly string[]): string | undefined {
  if (process.env.BENCH_CPU_PROF) return process.env.BENCH_CPU_PROF;
  return argv.includes('--profile') ? mkdtempSync(join(tmpdir(), 'bench-booking-profile-')) : undefined;
}
