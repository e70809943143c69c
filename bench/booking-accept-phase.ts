import { setPriority } from 'node:os';
import { flightBooking } from '../test/bookings/helpers/booking-body';
import { acceptRun } from './booking-accept';
import { bearerCustomers, benchApiEnv, startBenchApi } from './booking-api';
import { load, ms, num, quantile } from './booking-results';
import { bookableFlights, paymentMethods, type BenchStack } from './booking-stack';

/** How the pool processes run during one accept run; `undo` puts them back. */
interface AcceptMode {
  label: string;
  pools: string;
  apply(stack: BenchStack): void;
}

const poolPids = (stack: BenchStack) => stack.workers.map((w) => w.child.pid!).filter((pid) => pid > 0);
const setPoolsPriority = (stack: BenchStack, nice: number) => {
  for (const pid of poolPids(stack)) setPriority(pid, nice);
};
function resetPools(stack: BenchStack) {
  for (const worker of stack.workers) worker.child.kill('SIGCONT');
  setPoolsPriority(stack, 0);
}

const ACCEPT_MODES: readonly AcceptMode[] = [
  {
    label: 'pools stopped',
    pools: 'stopped (SIGSTOP) for the run and resumed after it, as where they run on their own hosts',
    apply: (stack) => stack.workers.forEach((w) => w.child.kill('SIGSTOP')),
  },
  {
    label: 'pools at nice 19',
    pools:
      'working on the accepted bookings at the lowest CPU priority, so they take what the accept path leaves',
    apply: (stack) => setPoolsPriority(stack, 19),
  },
  {
    label: 'pools running',
    pools: 'working on the accepted bookings meanwhile at the same priority, on the same 2 cores',
    apply: () => undefined,
  },
];

export interface AcceptPlan {
  rate: number;
  seconds: number;
  warmup: number;
  /** Bookable flights the saga phase already booked: the accept runs take the next ones. */
  flightsUsed: number;
}

/**
 * `POST /api/v1/bookings` accept latency at a fixed rate, open loop, once per mode of the pools
 * (stopped, lowest priority, same priority). Returns the lines for bench/RESULTS.md.
 */
export async function acceptPhase(stack: BenchStack, plan: AcceptPlan): Promise<string[]> {
  const { rate: RATE, seconds: ACCEPT_SECONDS, warmup: ACCEPT_WARMUP } = plan;
  const total = RATE * ACCEPT_SECONDS;
  // POST /bookings counts against both the bookings and the payment-attempts limit of the user.
  const { bookings: bookingLimit, payments: paymentLimit } = stack.config.rateLimits;
  const perUser = Math.max(1, Math.min(bookingLimit.limit, paymentLimit.limit) - 1);
  const needed = ACCEPT_WARMUP + ACCEPT_MODES.length * total;
  const flights = await bookableFlights(stack, plan.flightsUsed + needed);
  const methods = await paymentMethods(needed);
  const bodies = flights.slice(plan.flightsUsed).map((flight, i) => flightBooking(flight, methods[i]!));
  const apiEnv = await benchApiEnv(stack);
  const users = Math.ceil(needed / perUser);
  const signedIn = await bearerCustomers(stack, users, apiEnv);
  const tokens = signedIn.tokens;
  const api = await startBenchApi(stack, apiEnv);
  const rows: string[] = [];
  const loads: string[] = [];
  let met = true;
  try {
    const url = apiEnv.url;
    await acceptRun(url, tokens, bodies.slice(0, ACCEPT_WARMUP), 50); // JIT, pools, connections
    let sent = ACCEPT_WARMUP;
    for (const mode of ACCEPT_MODES) {
      // Each token's first requests are spent: start where the last run ended.
      const rotated = [...tokens.slice(sent % users), ...tokens.slice(0, sent % users)];
      mode.apply(stack);
      const cpu0 = api.cpuSeconds();
      const startLoad = load();
      let run: Awaited<ReturnType<typeof acceptRun>>;
      try {
        run = await acceptRun(url, rotated, bodies.slice(sent, sent + total), RATE);
      } finally {
        resetPools(stack);
      }
      sent += total;
      const cpuUs = ((api.cpuSeconds() - cpu0) * 1e6) / total;
      const p99 = quantile(run.latenciesMs, 0.99);
      met &&= p99 <= 50;
      loads.push(`${mode.label}: ${startLoad} at the start, ${load()} at the end`);
      rows.push(
        `| ${mode.label} | ${RATE}/s | ${num(total / run.sendSeconds)}/s | ${Object.entries(run.statuses)
          .map(([status, n]) => `${n}× ${status}`)
          .join(
            ', ',
          )} | ${ms(quantile(run.latenciesMs, 0.5))} | ${ms(p99)} | ${ms(Math.max(...run.latenciesMs))} | ` +
          `${num(cpuUs, 0)} | ${ms(run.maxSendLagMs)} |`,
      );
    }
  } finally {
    resetPools(stack);
    await api.stop();
    await signedIn.close();
  }
  return [
    '',
    `### POST /api/v1/bookings accept latency at ${RATE} requests/s`,
    '',
    `Open loop (bench/booking-accept.ts): request i is due at t0 + i/${RATE} s and its latency counts from then, whatever the earlier ones did ` +
      `(no coordinated omission); ${total} requests over ${ACCEPT_SECONDS} s per run after ${ACCEPT_WARMUP} warm-up ones at 50/s. The API is the real api/server.ts ` +
      'in its own process on the private database and queues (TEMPORAL_TASK_QUEUE_SUFFIX), sessions under a private Redis prefix, request log at info (to a file); ' +
      "Postgres and Redis are the shared stack's, the Temporal dev server the bench's own (a fresh store), all on the same 2 cores. " +
      `${users} verified customers with real sessions, at most ${perUser} bookings each, so the bookings (${bookingLimit.limit} per ${bookingLimit.windowSeconds} s) and payment-attempt (${paymentLimit.limit} per ${paymentLimit.windowSeconds} s) limits per user keep their configured values; ` +
      'a random X-Forwarded-For of 198.18.0.0/15 per request through a trusted proxy (127.0.0.1), so the per-IP limit does too. Each request books its own flight ' +
      `with its own PaymentMethod. ${ACCEPT_MODES.length} runs: the four pools ` +
      ACCEPT_MODES.map((m) => `${m.pools} (${m.label})`).join('; then ') +
      `. Load average ${loads.join('; ')}.`,
    '',
    '| pools | offered | achieved | answers | p50 | p99 | max | API CPU µs/request | generator lag (max) |',
    '|---|---:|---:|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Target p99 ≤ 50 ms: ${met ? 'met' : 'missed'} in ${met ? 'every run' : 'at least one run'}.`,
  ];
}
