import type { OutageFigures } from './outages';

export interface FaultReport {
  outages: OutageFigures[];
  quiet: { answers: number; unavailable: number; byKind: Record<string, number> };
  bookings: { sent: number; accepted: number; attempts: number; byEnd: Record<string, number> };
  violations: string[];
  seconds: { ready: number; total: number };
  logDir: string;
}

const statuses = (byStatus: Record<string, number>) =>
  Object.entries(byStatus)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, n]) => `${status}:${n}`)
    .join(' ');

/** Per outage: answers by status, worst latency, recovery; then the bookings and every violation. */
export function printReport(r: FaultReport): void {
  console.log('fault test (issue 20.2): one dependency at a time, under the mixed load');
  console.log('  outage                 answers  by status                          worst ms  recovered');
  for (const f of r.outages) {
    const { dependency, mode, startedAt, backAt } = f.outage;
    const held = backAt === undefined ? '?' : ((backAt - startedAt) / 1000).toFixed(0);
    const recovery = f.recoverySeconds === null ? 'NOT' : `${f.recoverySeconds.toFixed(1)} s`;
    const name = `${dependency} ${mode} ${held} s`;
    console.log(
      `  ${name.padEnd(22)} ${String(f.answers).padStart(7)}  ${statuses(f.byStatus).padEnd(34)} ${String(f.worstMs).padStart(8)}  ${recovery}`,
    );
  }
  const q = r.quiet;
  console.log(
    `  between outages: ${q.answers} answers (${q.unavailable} × 503), by kind ${JSON.stringify(q.byKind)}`,
  );
  const b = r.bookings;
  console.log(
    `  bookings: ${b.sent} sent, ${b.accepted} accepted (202) in ${b.attempts} attempts; ends ${JSON.stringify(b.byEnd)}`,
  );
  console.log(
    `  ready after ${r.seconds.ready.toFixed(0)} s, total ${r.seconds.total.toFixed(0)} s; logs ${r.logDir}`,
  );
  if (r.violations.length === 0) {
    console.log('fault test: no violation');
    return;
  }
  console.log(`fault test: ${r.violations.length} violation(s), all in ${r.logDir}/violations.txt`);
  // The first few of each sort (what precedes the first colon, or the first word).
  const bySort = new Map<string, string[]>();
  for (const v of r.violations) {
    const sort = v.includes(': ') ? v.slice(0, v.indexOf(': ')).replace(/^[0-9a-f-]{36}$/, 'booking') : v;
    bySort.set(sort, [...(bySort.get(sort) ?? []), v]);
  }
  for (const [sort, all] of bySort) {
    for (const v of all.slice(0, 5)) console.log(`  - ${v}`);
    if (all.length > 5) console.log(`    … and ${all.length - 5} more like "${sort}"`);
  }
}
