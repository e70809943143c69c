import { setTimeout as sleep } from 'node:timers/promises';
import type { CreateBookingBody } from '../services/bookings';
import { acceptRun } from './booking-accept';
import { load, quantile } from './booking-results';
import { monotonicUs } from './cpu-profile-window';
import { perRequest, type DependencyTotals } from './dependency-probe-reader';

/** One route the ladder climbs: where it is, and the tokens and bodies of its next `n` requests. */
export interface LadderRoute {
  label: string;
  path: string;
  /** The next `n` requests' tokens (a customer's limits are spent: each route hands them out in turn). */
  tokens(n: number): Promise<string[]>;
  bodies(n: number): CreateBookingBody[];
}

export interface LadderStep {
  route: string;
  rate: number;
  requests: number;
  statuses: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
  /**
   * CPU per request of the API and of the Temporal dev server over the step, in µs, less what
   * each spends idle over as long (timers, keep-alives, GC): at 10 requests/s that background is
   * as much as the requests themselves.
   */
  apiCpuUs: number;
  temporalCpuUs: number;
  /** The same for the stack's Postgres (postmaster and backends; shared, so an upper bound). */
  postgresCpuUs: number;
  maxSendLagMs: number;
  load: string;
  /** Every answer 202: the step's p99 then says whether it held a bound (`heldWithin`). */
  ok: boolean;
  /** Per request: calls to Postgres, Redis and Temporal and the wall time waited on them. */
  waits?: DependencyTotals;
  /** When the step ran, on the monotonic clock (µs): to cut its samples out of a CPU profile. */
  fromUs: number;
  toUs: number;
  /** This step is the rerun of one that missed the target's bound; that first try's p99 and answers. */
  firstTry?: { p99: number; ok: boolean };
}

export interface LadderPlan {
  rates: readonly number[];
  /** A step lasts this long, or longer at a low rate to send `minRequests`. */
  seconds: number;
  minRequests: number;
  /** The target's bound on p99. */
  p99BoundMs: number;
  /**
   * A route leaves the ladder at its first step with p99 above this (≥ p99BoundMs), so one run
   * also tells the highest rates within looser bounds, where a loaded machine misses the target's.
   */
  climbUntilMs: number;
  /** Idle time between steps, so one step's backlog never spills into the next. */
  pauseMs: number;
  /**
   * A step that misses the target's bound is run once more and the rerun decides: on a shared
   * machine one stall (the second-slowest of 100 requests) otherwise sets a route's figure.
   */
  rerunMissed: boolean;
}

export interface LadderProbes {
  baseUrl: string;
  apiCpuSeconds(): number;
  temporalCpuSeconds(): number;
  postgresCpuSeconds(): number;
  /** CPU seconds per second each spends with no request: subtracted from every step. */
  idle: { api: number; temporal: number; postgres: number };
  /** The API's dependency totals so far (bench/dependency-probe.ts), when it runs the probe. */
  dependencies?(): Promise<DependencyTotals>;
  /** Called after each step, e.g. for a progress line. */
  onStep?(step: LadderStep): void;
}

const requestsAt = (plan: LadderPlan, rate: number) =>
  Math.max(plan.minRequests, Math.round(rate * plan.seconds));

/**
 * An open-loop step ladder over several routes, interleaved: at each offered rate every route
 * still standing runs one step (so the routes see the same minutes of a shared machine), and a
 * route leaves the ladder at its first step past `climbUntilMs` (or with an answer other than
 * 202). A route's figure for a bound is its highest rate within it, below its first step past it.
 */
export async function climbLadder(
  routes: readonly LadderRoute[],
  plan: LadderPlan,
  probes: LadderProbes,
): Promise<LadderStep[]> {
  const steps: LadderStep[] = [];
  const standing = new Set(routes.map((r) => r.label));
  for (const rate of plan.rates) {
    for (const route of routes) {
      if (!standing.has(route.label)) continue;
      let step = await runStep(route, rate, plan, probes);
      if (plan.rerunMissed && !heldWithin(step, plan.p99BoundMs)) {
        const first = step;
        step = { ...(await runStep(route, rate, plan, probes)), firstTry: { p99: first.p99, ok: first.ok } };
      }
      steps.push(step);
      probes.onStep?.(step);
      if (!heldWithin(step, plan.climbUntilMs)) standing.delete(route.label);
    }
    if (standing.size === 0) break;
  }
  return steps;
}

async function runStep(
  route: LadderRoute,
  rate: number,
  plan: LadderPlan,
  probes: LadderProbes,
): Promise<LadderStep> {
  const n = requestsAt(plan, rate);
  const tokens = await route.tokens(n);
  const bodies = route.bodies(n);
  await sleep(plan.pauseMs);
  const startLoad = load();
  const api0 = probes.apiCpuSeconds();
  const temporal0 = probes.temporalCpuSeconds();
  const postgres0 = probes.postgresCpuSeconds();
  const waits0 = await probes.dependencies?.();
  const fromUs = monotonicUs();
  const run = await acceptRun(probes.baseUrl, tokens, bodies, rate, route.path);
  const toUs = monotonicUs();
  const waits1 = await probes.dependencies?.();
  const seconds = (toUs - fromUs) / 1e6;
  const per = (used: number, idlePerSecond: number) =>
    (Math.max(0, used - idlePerSecond * seconds) * 1e6) / n;
  return {
    route: route.label,
    rate,
    requests: n,
    statuses: run.statuses,
    p50: quantile(run.latenciesMs, 0.5),
    p99: quantile(run.latenciesMs, 0.99),
    max: Math.max(...run.latenciesMs),
    apiCpuUs: per(probes.apiCpuSeconds() - api0, probes.idle.api),
    temporalCpuUs: per(probes.temporalCpuSeconds() - temporal0, probes.idle.temporal),
    postgresCpuUs: per(probes.postgresCpuSeconds() - postgres0, probes.idle.postgres),
    maxSendLagMs: run.maxSendLagMs,
    load: startLoad,
    ok: run.statuses['202'] === n,
    ...(waits0 && waits1 && { waits: perRequest(waits0, waits1, n) }),
    fromUs,
    toUs,
  };
}

/** What a request cost the host's cores: the API, the Temporal server and Postgres together. */
export const hostCpuUs = (s: LadderStep) => s.apiCpuUs + s.temporalCpuUs + s.postgresCpuUs;

/** Whether a step held a bound: every answer 202 and p99 within it. */
export const heldWithin = (step: LadderStep, boundMs: number) => step.ok && step.p99 <= boundMs;

/** A route's highest rate held within `boundMs`, below its first step that did not (0: not even the first). */
export function sustainedRate(steps: readonly LadderStep[], route: string, boundMs: number): number {
  let best = 0;
  for (const step of steps.filter((s) => s.route === route)) {
    if (!heldWithin(step, boundMs)) break;
    best = step.rate;
  }
  return best;
}

/** Whether a route held `boundMs` at every rate it was offered (its figure is then a lower bound). */
export const neverFailed = (steps: readonly LadderStep[], route: string, boundMs: number) =>
  steps.filter((s) => s.route === route).every((s) => heldWithin(s, boundMs));

/**
 * CPU per request of a route over the steps at rates both routes ran, in µs: the same offered
 * rates, so neither figure gains from running only the easy (or only the hard) steps.
 */
export function cpuPerRequestAtCommonRates(
  steps: readonly LadderStep[],
  route: string,
  other: string,
  field: 'apiCpuUs' | 'temporalCpuUs' | 'postgresCpuUs' | 'hostCpuUs' = 'apiCpuUs',
): number {
  const otherRates = new Set(steps.filter((s) => s.route === other).map((s) => s.rate));
  const common = steps.filter((s) => s.route === route && otherRates.has(s.rate));
  const requests = common.reduce((sum, s) => sum + s.requests, 0);
  const of = (s: LadderStep) => (field === 'hostCpuUs' ? hostCpuUs(s) : s[field]);
  return requests === 0 ? Number.NaN : common.reduce((sum, s) => sum + of(s) * s.requests, 0) / requests;
}
