import { randomInt, randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { generate } from 'otplib';
import { QueryTypes } from 'sequelize';
import { cpuSecondsOf } from './process-cpu';
import { activitiesOf, closedLoop, type LoopRun, type Outcome } from './booking-sagas';
import { ms, quantile } from './booking-results';
import { startRefundsBench, type Approver, type RefundsBenchStack } from './refunds-stack';

/**
 * Refunds per second through the approval path (issue 17.3, SEC-PAY-04), end to end:
 *   scripts/with-env.sh node --import tsx bench/refunds.ts [refunds per round, default 60] [in flight, default 8] [--dry]
 * One refund: a support admin asks `POST /api/v1/bookings/:id/refunds` for 800.00 EUR (above the
 * 500.00 threshold: four eyes), a second PLATFORM_ADMIN approves `POST /api/v1/refunds/:id/approve`
 * with a TOTP step-up, and the answer comes once the payments pool issued the Stripe refund.
 * Through api/server.ts and the pools' own processes on the bench's private pieces
 * (bench/refunds-stack.ts). Ceiling, same run, same concurrency: a bare workflow start (the
 * refund workflow's type on a queue nobody polls, from this process). Two alternating rounds
 * of each. Prints the figures and appends them to bench/RESULTS.md (not with --dry).
 */
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const DRY = process.argv.includes('--dry');
const PER_ROUND = Number(args[0] ?? 60);
const IN_FLIGHT = Number(args[1] ?? 8);
const ROUNDS = 2;
const WARM_UP = 8;
const AMOUNT_MINOR = 80_000;
const REQUESTERS = 4;
/** Starts per ceiling round: enough for a rate and a CPU figure well above /proc's 10 ms tick. */
const CEILING_PER_ROUND = 1_000;

const clientIp = () => `198.${18 + randomInt(2)}.${randomInt(256)}.${randomInt(1, 255)}`;

async function post(s: RefundsBenchStack, token: string, path: string, body: unknown) {
  const res = await fetch(`${s.apiUrl}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      'x-forwarded-for': clientIp(),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** One refund end to end: requested by support, approved by its own second admin, issued. */
function refundOne(s: RefundsBenchStack, bookings: string[], approvers: Approver[]): () => Promise<Outcome> {
  let n = 0;
  return async () => {
    const i = n++;
    const t0 = performance.now();
    const asked = await post(s, s.requesters[i % REQUESTERS]!, `/api/v1/bookings/${bookings[i]!}/refunds`, {
      amountMinor: AMOUNT_MINOR,
      reason: 'goodwill',
    });
    if (asked.status !== 202)
      throw new Error(`request answered ${asked.status} ${JSON.stringify(asked.json)}`);
    const approver = approvers[i]!;
    const mfaCode = await generate({ secret: approver.totpSecret, epoch: Math.floor(Date.now() / 1000) });
    const approved = await post(s, approver.token, `/api/v1/refunds/${asked.json.id as string}/approve`, {
      mfaCode,
    });
    const ok = approved.status === 200 && approved.json.status === 'issued';
    if (!ok) console.error(`approve answered ${approved.status} ${JSON.stringify(approved.json)}`);
    return { ok, latencyMs: performance.now() - t0 };
  };
}

/** The ceiling: starting the refund workflow's type, nobody polling its queue. */
function bareStart(s: RefundsBenchStack): () => Promise<Outcome> {
  const queue = `${s.queues.bookings}-ceiling`;
  return async () => {
    const t0 = performance.now();
    await s.client.workflow.start('refundWorkflow', {
      taskQueue: queue,
      workflowId: `bench-ceiling-${randomUUID()}`,
      args: [{ refundId: randomUUID(), amountMinor: AMOUNT_MINOR }],
    });
    return { ok: true, latencyMs: performance.now() - t0 };
  };
}

interface Measured {
  run: LoopRun;
  processCpu: Record<string, number>;
}

async function measured(s: RefundsBenchStack, total: number, one: () => Promise<Outcome>): Promise<Measured> {
  const cpu = () => ({
    api: s.api.cpuSeconds(),
    pools: s.pools.reduce((sum, p) => sum + p.cpuSeconds(), 0),
    temporal: cpuSecondsOf(s.temporalPid),
    bench: cpuSecondsOf(process.pid),
  });
  const before = cpu();
  const run = await closedLoop(total, IN_FLIGHT, one);
  const after = cpu();
  const processCpu = Object.fromEntries(
    Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]),
  );
  return { run, processCpu };
}

function merge(rounds: Measured[]): Measured {
  const run: LoopRun = {
    outcomes: rounds.flatMap((r) => r.run.outcomes),
    seconds: rounds.reduce((sum, r) => sum + r.run.seconds, 0),
  };
  const processCpu: Record<string, number> = {};
  for (const r of rounds)
    for (const [k, v] of Object.entries(r.processCpu)) processCpu[k] = (processCpu[k] ?? 0) + v;
  return { run, processCpu };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function row(name: string, m: Measured, cpuKeys: string[]): { line: string; rate: number } {
  const ok = m.run.outcomes.filter((o) => o.ok);
  const latencies = ok.map((o) => o.latencyMs);
  const rate = ok.length / m.run.seconds;
  const perOne = (k: string) => (ok.length ? fmt(((m.processCpu[k] ?? 0) * 1000) / ok.length, 1) : '–');
  return {
    rate,
    line:
      `| ${name} | ${ok.length} | ${m.run.outcomes.length - ok.length} | ${fmt(rate, 1)} | ` +
      `${ms(quantile(latencies, 0.5))} | ${ms(quantile(latencies, 0.99))} | ` +
      `${cpuKeys.map(perOne).join(' | ')} |`,
  };
}

async function main() {
  const total = WARM_UP + ROUNDS * PER_ROUND;
  const loadStart = loadavg().map((l) => l.toFixed(1));
  const s = await startRefundsBench(total, AMOUNT_MINOR, REQUESTERS, total);
  let failed = true;
  try {
    // Enrolment spent each approver's current TOTP step: approve from the next one on.
    await sleep(30_000 - (Date.now() % 30_000) + 1_000);
    const ids = s.bookings.map((b) => b.bookingId);
    const slice = (from: number, n: number) =>
      refundOne(s, ids.slice(from, from + n), s.approvers.slice(from, from + n));
    await closedLoop(WARM_UP, IN_FLIGHT, slice(0, WARM_UP));
    await closedLoop(WARM_UP, IN_FLIGHT, bareStart(s));
    const refunds: Measured[] = [];
    const ceilings: Measured[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      ceilings.push(await measured(s, CEILING_PER_ROUND, bareStart(s)));
      refunds.push(await measured(s, PER_ROUND, slice(WARM_UP + round * PER_ROUND, PER_ROUND)));
      console.log(`round ${round + 1}: ${refunds.at(-1)!.run.seconds.toFixed(1)} s for ${PER_ROUND} refunds`);
    }
    const [last] = await s.sequelize.query<{ workflow_id: string }>(
      'SELECT workflow_id FROM refund_requests ORDER BY created_at DESC LIMIT 1',
      { type: QueryTypes.SELECT },
    );
    const ran = await activitiesOf(s.client, last!.workflow_id, s.queues);
    const activities = Object.entries(
      ran.reduce<Record<string, number>>(
        (n, a) => ({ ...n, [`${a.pool}.${a.type}`]: (n[`${a.pool}.${a.type}`] ?? 0) + 1 }),
        {},
      ),
    ).map(([name, n]) => `${name} ×${n}`);
    const keys = ['api', 'pools', 'temporal', 'bench'];
    const ceiling = row('bare workflow start (ceiling)', merge(ceilings), keys);
    const refund = row('refund: request + approve with step-up + Stripe refund', merge(refunds), keys);
    record(loadStart, ceiling, refund, activities);
    failed = false;
  } finally {
    await s.close(failed);
  }
}

function record(
  loadStart: string[],
  ceiling: { line: string; rate: number },
  refund: { line: string; rate: number },
  activities: string[],
) {
  const section = [
    '',
    `## Refunds through the approval path (bench/refunds.ts), ${new Date().toISOString()}`,
    '',
    `Machine: ${availableParallelism()} CPUs (nproc), ${fmt(totalmem() / 2 ** 30, 1)} GiB memory, ` +
      `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; the stack's Postgres, Redis and ` +
      `localstripe (behind the recording proxy) and the bench's own Temporal dev server (fresh store) on the same ` +
      `host. Load average ${loadStart.join(' ')} at the start, ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end (a shared machine: figures are indicative, the ratio is the point).`,
    '',
    `One refund, end to end through api/server.ts and the pools' own processes (workers/bookings.ts, payments.ts, ` +
      `notify.ts) on a private database and task queues: a support PLATFORM_ADMIN asks for 800.00 EUR of a ` +
      `CONFIRMED booking captured at localstripe (above the 500.00 threshold, so four eyes), a second ` +
      `PLATFORM_ADMIN approves with a TOTP step-up, and the approval answers once the payments pool issued the ` +
      `Stripe refund (key \`refund/<id>\`). Each approver approves once (a TOTP step is spent on use). Bearer ` +
      `sessions, an Idempotency-Key per mutation, a random X-Forwarded-For of 198.18.0.0/15 through the trusted ` +
      `proxy, every limit at its configured value. Ceiling, same run: a bare workflow start (the refund ` +
      `workflow's type, a queue nobody polls) from this process. Closed loop, ${IN_FLIGHT} in flight, ` +
      `${ROUNDS} alternating rounds of ${PER_ROUND} refunds and ${CEILING_PER_ROUND} starts after ${WARM_UP} ` +
      `warm-up runs of each. Latency: one refund's two requests, or one start call. CPU per completed operation ` +
      `from /proc; the stack's Postgres, Redis, localstripe and proxy are shared and not counted.`,
    '',
    `One refund's workflow ran ${activities.length ? activities.join(', ') : 'no activity'} (from its history).`,
    '',
    '| operation | completed | failed | per second | p50 | p99 | API CPU ms | pools CPU ms | Temporal server CPU ms | bench CPU ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ceiling.line,
    refund.line,
    '',
    `Refunds/ceiling throughput: **${fmt(refund.rate / ceiling.rate, 3)}**.`,
    '',
  ].join('\n');
  console.log(section);
  if (!DRY) appendFileSync(join(__dirname, 'RESULTS.md'), section);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
