import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { AppProcess } from './app-process';
import type { Kill } from './chaos';

/** The booking the fault hook of incarnation `pid` died after, from the line it wrote to its log. */
export function faultVictim(proc: AppProcess, pid: number): string | null {
  const line = new RegExp(`TEST FAULT afterBookingInsert pid ${pid}: SIGKILL after booking ([0-9a-f-]{36})`);
  return line.exec(readFileSync(proc.log, 'utf8'))?.[1] ?? null;
}

/**
 * Waits (at most `maxMs`) until the API incarnation started at `since` is in the middle of an
 * accept: it has claimed an Idempotency-Key (the claim's `created_at`, set anew when an expired
 * claim is taken over) and not yet answered. A SIGKILL then lands somewhere between the claim and
 * the stored answer: before the insert, between insert and start, or after the start.
 */
export async function waitForAcceptInFlight(
  sequelize: Sequelize,
  since: Date,
  maxMs: number,
): Promise<boolean> {
  for (const until = Date.now() + maxMs; Date.now() < until;) {
    const [row] = await sequelize.query<{ n: string }>(
      `SELECT count(*) AS n FROM idempotency_records WHERE status = 'in_flight' AND created_at > $1`,
      { bind: [since], type: QueryTypes.SELECT },
    );
    if (Number(row?.n) > 0) return true;
    await sleep(20);
  }
  return false;
}

/**
 * The aimed kill: the API incarnation running with the fault hook armed kills itself right after
 * the first booking row it writes, before that booking's saga starts. Waits (at most `maxMs`) for
 * it to die so, names the booking from its log line, then restarts the API unarmed.
 */
export async function aimedKill(
  proc: AppProcess,
  options: { maxMs: number; startedAt: number; inFlight(): Promise<number>; ready(): Promise<void> },
): Promise<Kill> {
  const pid = proc.pid!;
  await Promise.race([proc.exit, sleep(options.maxMs)]);
  if (proc.running) throw new Error(`the armed API (pid ${pid}) wrote no booking within ${options.maxMs} ms`);
  const victim = faultVictim(proc, pid);
  if (!victim) throw new Error(`the armed API (pid ${pid}) died without its fault line:\n${proc.tail()}`);
  const kill: Kill = {
    pool: 'api',
    pid,
    atSeconds: Math.round((Date.now() - options.startedAt) / 100) / 10,
    inFlight: await options.inFlight(),
    hot: true,
    victim,
  };
  proc.start();
  await options.ready();
  return kill;
}
