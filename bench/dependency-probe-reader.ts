import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DependencyTotals, Tally } from './dependency-probe';

export type { DependencyTotals };

/** Asks a child running bench/dependency-probe.ts for its totals (SIGUSR2) and reads them. */
export async function readDependencyTotals(pid: number, file: string): Promise<DependencyTotals> {
  const seqOf = () =>
    existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { seq: number }).seq : 0;
  const before = seqOf();
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 250; i++) {
    await sleep(20);
    try {
      const read = JSON.parse(readFileSync(file, 'utf8')) as { seq: number; totals: DependencyTotals };
      if (read.seq > before) return read.totals;
    } catch {
      // Not written yet, or caught mid-write: read again.
    }
  }
  throw new Error(`no dependency totals from ${pid} in ${file}`);
}

/** Per request, the calls to each dependency and the wall time spent waiting on them between two reads. */
export function perRequest(from: DependencyTotals, to: DependencyTotals, requests: number): DependencyTotals {
  const per = (a: Tally | undefined, b: Tally): Tally => ({
    calls: (b.calls - (a?.calls ?? 0)) / requests,
    ms: (b.ms - (a?.ms ?? 0)) / requests,
  });
  const detail: Record<string, Tally> = {};
  for (const [label, tally] of Object.entries(to.detail)) {
    const d = per(from.detail[label], tally);
    if (d.calls > 0) detail[label] = d;
  }
  return {
    postgres: per(from.postgres, to.postgres),
    redis: per(from.redis, to.redis),
    temporal: per(from.temporal, to.temporal),
    detail,
  };
}
