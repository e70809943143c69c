/**
 * Issue 8's booking figures in one run (bench/booking.sh):
 *   1. bookings completed per second and p50/p99 end-to-end latency of the real booking saga
 *      (real pool processes, the supplier simulator at 20 ms per call, localstripe), closed loop;
 *   2. the same for a baseline saga of as many no-op activities on the same pools, and the ratio;
 *   3. issue 20's accept target: the highest offered rate (open-loop step ladder) at which
 *      `POST /api/v1/bookings` and a bare start in the same API process keep p99 ≤ 50 ms, pools
 *      stopped; their ratio and their API CPU per request (bench/booking-ladder-phase.ts).
 *   scripts/with-env.sh node --import tsx bench/booking.ts [bookings] [in flight] [step seconds] [--profile] [--ladder-only | --sagas-only] [--climb-until=250] [--async-commit] [--dry]
 * --async-commit: an experiment, the API's Postgres sessions without synchronous commit (what the WAL flushes cost).
 * --climb-until=<ms>: a route leaves the ladder at p99 above this (default 250; the target's bound is 50).
 * --profile (or BENCH_CPU_PROF=<dir>) profiles the API and prints where its CPU went in one step of each route.
 * BENCH_CPU_PROF=<dir> also profiles the eight pools and prints where the booking pools' CPU goes beyond the baseline's.
 * --sagas-only: the saga phase alone, no ladder.
 */
import { performance } from 'node:perf_hooks';
import { createAuditWriter } from '../lib/audit';
import { bookingModels } from '../db/models/booking-models';
import { identityModels } from '../db/models/identity';
import type { BookingsDeps } from '../services/bookings';
import { createLogger } from '../lib/logger';
import type { LadderPlan } from './booking-ladder';
import { ladderPhase, profileDirOf } from './booking-ladder-phase';
import { poolProfileLines } from './booking-pool-profiles';
import { monotonicUs, type Window } from './cpu-profile-window';
import { terminateOpen } from './booking-terminate';
import { cpuSecondsByThread, cpuSecondsOf } from './process-cpu';
import { activitiesOf, baselineOne, bookOne, closedLoop, type Outcome } from './booking-sagas';
import {
  load,
  machine,
  ms,
  num,
  publish,
  quantile,
  sagaRow,
  perSecond,
  type SagaFigures,
} from './booking-results';
import {
  bookableFlights,
  customers,
  paymentMethods,
  startBenchStack,
  type BenchStack,
} from './booking-stack';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const DRY = process.argv.includes('--dry');
const LADDER_ONLY = process.argv.includes('--ladder-only');
const SAGAS_ONLY = process.argv.includes('--sagas-only');
const TOTAL = Number(args[0] ?? 200);
const IN_FLIGHT = Number(args[1] ?? 16);
const STEP_SECONDS = Number(args[2] ?? 5);
const LATENCY_MS = 20;
const ROUNDS = 2;
const WARMUP = 8;
// The first few hundred requests run colder code (JIT): a short warm-up left the first run at 1.8x the CPU of the last.
const LADDER_WARMUP = 300;
/** How much of the accept's wait is its commits' WAL flushes: the API's sessions without waiting for them. */
const ASYNC_COMMIT = {
  env: { PGOPTIONS: '-c synchronous_commit=off' },
  says:
    "the API's Postgres sessions run with synchronous_commit=off (PGOPTIONS), so a commit does not wait for its WAL flush: " +
    'what the accept’s four commits (idempotency claim, booking row, audit append, idempotency completion) cost in flushes. ' +
    'Not a proposal: a booking and its audit must be durable once the 202 is sent.',
};
const LADDER: LadderPlan = {
  rates: [5, 10, 20, 30, 40, 50, 60, 80, 100, 125, 150, 200, 250, 300, 400],
  seconds: STEP_SECONDS,
  minRequests: 100,
  p99BoundMs: 50,
  // A loaded shared machine misses 50 ms everywhere: climbing on tells the looser bounds too.
  climbUntilMs: Number(process.argv.find((a) => a.startsWith('--climb-until='))?.split('=')[1] ?? 250),
  pauseMs: 1_000,
  rerunMissed: true,
};

async function sagaPhase(stack: BenchStack, startLoad: string) {
  const flights = await bookableFlights(stack, WARMUP + TOTAL);
  const methods = await paymentMethods(WARMUP + TOTAL);
  let f = 0;
  let m = 0;
  const deps: BookingsDeps = {
    models: bookingModels(stack.sequelize),
    identity: { User: identityModels(stack.sequelize).User },
    temporal: stack.client,
    queues: stack.queues,
    // No cancellation window: the saga ends at CONFIRMED (one 1 ms timer), as the baseline does.
    timeouts: { ...stack.config.bookings, cancelWindowSeconds: 0 },
    audit: createAuditWriter(stack.sequelize),
    logger: createLogger({ serviceName: 'bench-booking', log: { level: 'error' } }),
  };
  const book = bookOne({
    deps,
    actors: await customers(stack, 20),
    nextFlight: () => flights[f++]!,
    nextPaymentMethod: () => methods[m++]!,
  });
  const warm = await closedLoop(WARMUP, IN_FLIGHT, book);
  const sample = warm.outcomes.find((o) => o.ok);
  if (!sample) throw new Error(`no warm-up booking was confirmed (logs in ${stack.dir})`);
  const activities = await activitiesOf(stack.client, sample.workflowId!, stack.queues);
  const baseline = baselineOne(
    stack.client,
    stack.baselineQueues,
    activities.map((a) => a.pool),
  );
  await closedLoop(WARMUP, IN_FLIGHT, baseline);

  const temporal = () => cpuSecondsOf(stack.temporalPid);
  const figures = (label: string): SagaFigures => ({
    label,
    completed: 0,
    failed: 0,
    seconds: 0,
    latenciesMs: [],
    workerCpuSeconds: 0,
    temporalCpuSeconds: 0,
  });
  const runs = { booking: figures('booking saga'), baseline: figures('baseline (no-op activities)') };
  const windows: Record<'booking' | 'baseline', Window[]> = { booking: [], baseline: [] };
  /** CPU seconds of each pool process over its kind's rounds (/proc). */
  const cpuByProcess = new Map<string, number>();
  /** CPU seconds of the kind's four pools over its rounds, by kind of thread (/proc/<pid>/task). */
  const cpuByThread = { booking: new Map<string, number>(), baseline: new Map<string, number>() };
  const booked: Outcome[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['booking', 'baseline'] as const) {
      const workers0 = stack.workers.reduce((s, w) => s + w.cpuSeconds(), 0);
      const each0 = stack.workers.map((w) => w.cpuSeconds());
      const threads0 = stack.workers.map((w) => cpuSecondsByThread(w.child.pid!));
      const temporal0 = temporal();
      const fromUs = monotonicUs();
      const loop = await closedLoop(
        Math.ceil(TOTAL / ROUNDS),
        IN_FLIGHT,
        kind === 'booking' ? book : baseline,
      );
      windows[kind].push({ fromUs, toUs: monotonicUs() });
      const r = runs[kind];
      r.workerCpuSeconds += stack.workers.reduce((s, w) => s + w.cpuSeconds(), 0) - workers0;
      // Each kind's own four pools over its own rounds (the other four idle meanwhile).
      stack.workers.forEach((w, i) => {
        if (!w.name.startsWith(kind === 'booking' ? 'pool-' : 'baseline-')) return;
        cpuByProcess.set(w.name, (cpuByProcess.get(w.name) ?? 0) + w.cpuSeconds() - each0[i]!);
        for (const [thread, seconds] of cpuSecondsByThread(w.child.pid!)) {
          const used = seconds - (threads0[i]!.get(thread) ?? 0);
          cpuByThread[kind].set(thread, (cpuByThread[kind].get(thread) ?? 0) + used);
        }
      });
      r.temporalCpuSeconds += temporal() - temporal0;
      r.seconds += loop.seconds;
      r.completed += loop.outcomes.filter((o) => o.ok).length;
      r.failed += loop.outcomes.filter((o) => !o.ok).length;
      r.latenciesMs.push(...loop.outcomes.filter((o) => o.ok).map((o) => o.latencyMs));
      if (kind === 'booking') booked.push(...loop.outcomes);
      console.log(
        `round ${round + 1} ${kind}: ${loop.outcomes.length} in ${loop.seconds.toFixed(1)} s, load ${load()}`,
      );
    }
  }
  // When each booking's row turned CONFIRMED (its last update on the happy path), from its start.
  const rows = await deps.models.Booking.findAll({
    where: { id: booked.flatMap((o) => (o.ok ? [o.bookingId!] : [])), status: 'CONFIRMED' },
    attributes: ['id', 'updatedAt'],
  });
  const startOf = new Map(booked.map((o) => [o.bookingId, o.startedAtMs!]));
  const toConfirmed = rows.map((row) => row.updatedAt.getTime() - startOf.get(row.id)!);
  const ratio = perSecond(runs.booking) / perSecond(runs.baseline);
  const counts = new Map<string, number>();
  for (const a of activities) counts.set(`${a.pool}.${a.type}`, (counts.get(`${a.pool}.${a.type}`) ?? 0) + 1);
  return {
    windows: {
      booking: { windows: windows.booking, sagas: runs.booking.completed + runs.booking.failed },
      baseline: { windows: windows.baseline, sagas: runs.baseline.completed + runs.baseline.failed },
      cpuByProcess,
    },
    lines: [
      `## Booking saga (bench/booking.sh), ${new Date().toISOString()}`,
      '',
      `Machine: ${machine()}; the shared dev stack's Postgres and localstripe (behind the recording proxy) and the bench's own Temporal dev server (SQLite in WAL mode, a fresh store: bench/private-temporal.ts) on the same host. ` +
        `Load average ${startLoad} at the start, ${load()} after the saga runs (a shared machine: figures are indicative, the ratio is the point).`,
      '',
      "The booking saga runs on its pools' real entry points (workers/bookings.ts, payments.ts, notify.ts) and on bench/booking-worker.ts suppliers " +
        '(workers/suppliers.ts with the simulator scope header the latency rule needs), each its own process, on private task queues (TEMPORAL_TASK_QUEUE_SUFFIX); ' +
        'the baseline (bench/workflows/noop-saga.ts) on four more processes of bench/booking-worker.ts with the same createWorker, pool limits and payload codec. ' +
        'Pool CPU sums all eight processes. A private supplier simulator ' +
        `(tools/supplier-sim) answers every partner call after ${LATENCY_MS} ms (fault rule \`latency\`). Bookings start through the API's service ` +
        `(services/bookings createBooking: PENDING row, saga start, audit) with a cancellation window of 0, so the saga ends at CONFIRMED. ` +
        `Closed loop: ${IN_FLIGHT} sagas in flight, ${ROUNDS} alternating rounds per saga, ${runs.booking.completed + runs.booking.failed} bookings ` +
        `and ${runs.baseline.completed + runs.baseline.failed} baselines in all, after ${WARMUP} warm-up runs of each. Latency: start call to the workflow's result.`,
      '',
      `The happy path runs ${activities.length} activities (read from a booking's history), so the baseline runs ${activities.length} no-op ones on the same pools: ` +
        [...counts].map(([name, n]) => `${name} ×${n}`).join(', ') +
        '.',
      '',
      '| saga | completed | failed | per second | p50 | p99 | pool CPU ms/saga | Temporal server CPU ms/saga |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      `| ${sagaRow(runs.booking)} |`,
      `| ${sagaRow(runs.baseline)} |`,
      '',
      `Booking/baseline throughput: **${num(ratio, 2)}** (target ≥ 0.7). Booking start → row CONFIRMED: p50 ${ms(quantile(toConfirmed, 0.5))}, ` +
        `p99 ${ms(quantile(toConfirmed, 0.99))}. Pool CPU per saga, baseline/booking: ${num(runs.baseline.workerCpuSeconds / runs.booking.workerCpuSeconds, 2)} ` +
        '(the ratio a CPU-bound machine would give).',
      '',
      ...threadLines(cpuByThread, {
        booking: runs.booking.completed + runs.booking.failed,
        baseline: runs.baseline.completed + runs.baseline.failed,
      }),
    ],
  };
}

/** The pools' CPU per saga by kind of thread, booking against baseline (/proc, no profiler needed). */
function threadLines(
  cpu: Record<'booking' | 'baseline', Map<string, number>>,
  sagas: Record<'booking' | 'baseline', number>,
): string[] {
  const names = [...new Set([...cpu.booking.keys(), ...cpu.baseline.keys()])];
  const per = (kind: 'booking' | 'baseline', name: string) =>
    ((cpu[kind].get(name) ?? 0) * 1000) / sagas[kind];
  const rows = names
    .map((name) => ({ name, booking: per('booking', name), baseline: per('baseline', name) }))
    .filter((r) => r.booking + r.baseline >= 0.5)
    .sort((a, b) => b.booking - b.baseline - (a.booking - a.baseline));
  return [
    "Pool CPU per saga by thread (/proc/<pid>/task, the four pools of each kind summed over its rounds; Temporal's Rust core runs on `tokio-runtime-w`, workflow code on worker threads):",
    '',
    '| thread | booking ms/saga | baseline ms/saga | difference |',
    '|---|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${num(r.booking, 1)} | ${num(r.baseline, 1)} | ${num(r.booking - r.baseline, 1)} |`,
    ),
  ];
}

async function main() {
  const startLoad = load();
  const t0 = performance.now();
  const stack = await startBenchStack(LATENCY_MS, 3 * (WARMUP + TOTAL) + 2_000);
  let ok = false;
  let pools: Awaited<ReturnType<typeof sagaPhase>>['windows'] | undefined;
  try {
    console.log(`bench stack up in ${((performance.now() - t0) / 1000).toFixed(0)} s (logs in ${stack.dir})`);
    const sagas = LADDER_ONLY
      ? {
          lines: [
            `## Booking accept ladder (bench/booking.sh --ladder-only), ${new Date().toISOString()}`,
            '',
            `Machine: ${machine()}; the shared dev stack's Postgres and Redis and the bench's own Temporal dev server (fresh store) on the same host. Load average ${startLoad} at the start. No saga runs this time (--ladder-only).`,
          ],
        }
      : await sagaPhase(stack, startLoad);
    if ('windows' in sagas) pools = sagas.windows;
    const ladder = SAGAS_ONLY
      ? []
      : await ladderPhase(stack, {
          plan: LADDER,
          warmup: LADDER_WARMUP,
          profileDir: profileDirOf(process.argv),
          ...(process.argv.includes('--async-commit') && { experiment: ASYNC_COMMIT }),
        });
    console.log(`terminated ${await terminateOpen(stack)} bookings still in their saga`);
    publish([...sagas.lines, ...ladder], DRY);
    ok = true;
  } finally {
    await terminateOpen(stack).catch(() => 0);
    await stack.close(!ok);
    if (!ok) console.error(`bench failed: child logs kept in ${stack.dir}`);
  }
  // The pools write their profiles as they exit, so this part comes after the stack is closed.
  const profiled = process.env.BENCH_CPU_PROF;
  if (pools && profiled) {
    publish(poolProfileLines(profiled, pools.booking, pools.baseline, pools.cpuByProcess), DRY);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
