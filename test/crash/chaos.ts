import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppProcess } from './app-process';

export interface Kill {
  pool: string;
  pid: number;
  /** Seconds since the bookings were sent. */
  atSeconds: number;
  /** Bookings not yet terminal when the SIGKILL went out: the kill hit work in progress. */
  inFlight: number;
  /** Whether the moment was one the pool was doing its riskiest work (see `moment`). */
  hot: boolean;
  /** The aimed API kill (the fault hook): the booking whose row it wrote just before dying. */
  victim?: string;
}

export interface ChaosOptions {
  killsPerProcess: number;
  /** Random pause before each kill, and between a kill and the restart. */
  pauseBeforeKillMs: [number, number];
  pauseBeforeRestartMs: [number, number];
  /** Resolves once the restarted incarnation polls its task queue again. */
  ready(proc: AppProcess): Promise<void>;
  inFlight(): Promise<number>;
  /**
   * After the random pause, waits (briefly, bounded) for a moment when the process does its
   * riskiest work, and says whether it found one: for payments, a PaymentIntent create just
   * answered by Stripe, the window in which a retry must not charge twice; for the API, an
   * accept in flight.
   */
  moment?(proc: AppProcess): Promise<boolean>;
  startedAt: number;
}

/**
 * SIGKILLs each process `killsPerProcess` times at random moments, restarting it after a random
 * pause and waiting until the new incarnation polls again before the next kill of the same
 * process. The processes are killed independently, so their outages sometimes overlap.
 */
export async function chaos(procs: AppProcess[], options: ChaosOptions): Promise<Kill[]> {
  const kills: Kill[] = [];
  const between = ([min, max]: [number, number]) => sleep(randomInt(min, max + 1));
  await Promise.all(
    procs.map(async (proc) => {
      for (let n = 0; n < options.killsPerProcess; n += 1) {
        await between(options.pauseBeforeKillMs);
        const hot = (await options.moment?.(proc)) ?? false;
        const pid = proc.pid!;
        await proc.stop('SIGKILL');
        const inFlight = await options.inFlight();
        kills.push({
          pool: proc.name,
          pid,
          atSeconds: Math.round((Date.now() - options.startedAt) / 100) / 10,
          inFlight,
          hot,
        });
        await between(options.pauseBeforeRestartMs);
        proc.start();
        await options.ready(proc);
      }
    }),
  );
  return kills.sort((a, b) => a.atSeconds - b.atSeconds);
}
