/**
 * Loaded into a bench child (`--import`, after tsx) when BENCH_DEP_PROBE_FILE is set: wraps the
 * calls a request waits on — Sequelize queries (Postgres), ioredis commands, Temporal workflow
 * starts — and sums their count and wall time. On SIGUSR2 it writes the totals, with a sequence
 * number, to BENCH_DEP_PROBE_FILE, so the bench reads the difference over one step. Wall time
 * summed per call: for calls a request makes one after another, their sum per request is how long
 * the request waited on that dependency (its round trips, the server's work and any queueing).
 */
import { writeFileSync } from 'node:fs';
import { WorkflowClient } from '@temporalio/client';
import Redis from 'ioredis';
import { Sequelize } from 'sequelize';

export interface Tally {
  calls: number;
  ms: number;
}
export type Dependency = 'postgres' | 'redis' | 'temporal';
/** Per dependency, and per statement (its first words) or Redis command in `detail`. */
export type DependencyTotals = Record<Dependency, Tally> & { detail: Record<string, Tally> };

const totals: DependencyTotals = {
  postgres: { calls: 0, ms: 0 },
  redis: { calls: 0, ms: 0 },
  temporal: { calls: 0, ms: 0 },
  detail: {},
};
const file = process.env.BENCH_DEP_PROBE_FILE!;
let seq = 0;

function timed(name: Dependency, label: string, settled: Promise<unknown>, t0: bigint) {
  const done = () => {
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    totals[name].calls += 1;
    totals[name].ms += ms;
    const detail = (totals.detail[`${name}: ${label}`] ??= { calls: 0, ms: 0 });
    detail.calls += 1;
    detail.ms += ms;
  };
  settled.then(done, done);
}

type AnyFn = (...args: unknown[]) => unknown;

function wrapAsync(proto: object, method: string, name: Dependency, labelOf: (args: unknown[]) => string) {
  const target = proto as Record<string, AnyFn>;
  const original = target[method]!;
  target[method] = function (this: unknown, ...args: unknown[]) {
    const t0 = process.hrtime.bigint();
    const result = original.apply(this, args) as Promise<unknown>;
    timed(name, labelOf(args), result, t0);
    return result;
  };
}

/** A statement's first words, which tell the accept's statements apart. */
function statementLabel(args: unknown[]): string {
  const sql = typeof args[0] === 'string' ? args[0] : String((args[0] as { query?: unknown })?.query ?? '?');
  return sql.replace(/\s+/g, ' ').trim().slice(0, 70);
}

wrapAsync(Sequelize.prototype, 'query', 'postgres', statementLabel);
wrapAsync(WorkflowClient.prototype, 'start', 'temporal', () => 'workflow start');
// ioredis: sendCommand hands back nothing useful; the command's own promise settles on the answer.
{
  const proto = Redis.prototype as unknown as Record<string, AnyFn>;
  const original = proto.sendCommand!;
  proto.sendCommand = function (this: unknown, ...args: unknown[]) {
    const command = args[0] as { promise?: Promise<unknown> };
    const t0 = process.hrtime.bigint();
    const result = original.apply(this, args);
    if (command?.promise) timed('redis', String((command as { name?: unknown }).name), command.promise, t0);
    return result;
  };
}

process.on('SIGUSR2', () => {
  seq += 1;
  writeFileSync(file, JSON.stringify({ seq, totals }));
});
