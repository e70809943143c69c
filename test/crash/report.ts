import { loadavg } from 'node:os';
import type { OrphanBookingSweepResult } from '../../activities/maintenance/orphan-booking-sweep';
import type { Kill } from './chaos';
import type { CustomerActs } from './customer-client';
import type { PlannedBooking } from './plan';
import type { Settled } from './settle';
import type { BookingPayments } from './stripe-evidence';
import type { WalkAway } from './walk-away';

export interface CrashReport {
  planned: PlannedBooking[];
  settled: Settled[];
  evidence: Map<string, BookingPayments>;
  kills: Kill[];
  acts: CustomerActs;
  /** Issue 20.1: the walk-away, the orphans found once the customers were done, the sweep's result. */
  orphans: { walkAway: WalkAway; found: string[]; swept: OrphanBookingSweepResult };
  violations: string[];
  /** From the start (ready, total) or from the moment the bookings went out (the others). */
  seconds: { ready: number; kills: number; customers: number; settled: number; total: number };
  logDir: string;
  database: string;
}

function counts(values: string[]): string {
  const tally = new Map<string, number>();
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
  return [...tally.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

const MAX_LISTED = 40;

function killText(k: Kill): string {
  const moment = k.victim
    ? `/aimed: after inserting ${k.victim}`
    : k.hot
      ? `/${k.pool === 'api' ? 'an accept in flight' : 'just after a create'}`
      : '';
  return `${k.pool}@${k.atSeconds}s/${k.inFlight} in flight${moment}`;
}

/** What became of the booking the aimed API kill landed on. */
function aimedText(r: CrashReport, byId: Map<string, PlannedBooking>): string {
  const victims = r.kills.flatMap((k) => (k.victim ? [k.victim] : []));
  return victims
    .map((id) => {
      const booking = byId.get(id);
      const settled = r.settled.find((s) => s.bookingId === id);
      return `${id}: ${booking ? `202 at attempt ${booking.attempts}` : 'no 202'}, ended ${settled?.status ?? '?'} (workflow ${settled?.workflowStatus ?? '?'})`;
    })
    .join('; ');
}

/** The run's figures on stdout, then every violation (the first 40) and the verdict. */
export function printReport(r: CrashReport): void {
  const byId = new Map(r.planned.flatMap((b) => (b.bookingId ? [[b.bookingId, b] as const] : [])));
  const evidence = [...r.evidence.values()];
  const lines = [
    'crash test (issues 8 and 20.1)',
    `  machine load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${new Date().toISOString()}`,
    `  bookings: ${r.planned.length} planned, ${byId.size} accepted by the API, sent at once (POST attempts ${r.planned.reduce((n, b) => n + (b.attempts ?? 0), 0)})`,
    `  customers: ${counts(r.planned.map((b) => b.behaviour))}`,
    `  customer acts: 3-D Secure completed ${r.acts.authenticated}, cancellations asked ${r.acts.cancelRequests} (answers ${counts(Object.entries(r.acts.cancelAnswers).flatMap(([s, n]) => Array<string>(n).fill(s))) || 'none'})`,
    `  kills: ${counts(r.kills.map((k) => k.pool))}; ${r.kills.map(killText).join(' ')}`,
    `  aimed API kill, between insert and saga start: ${aimedText(r, byId) || 'none'}`,
    `  walk-away (one attempt, no retry): booking ${r.orphans.walkAway.bookingId ?? '?'} (${r.orphans.walkAway.answer.slice(0, 80)}); PENDING without a workflow once the customers were done: ${r.orphans.found.length ? r.orphans.found.join(', ') : 'none'}; orphan sweep: checked ${r.orphans.swept.checked}, failed ${r.orphans.swept.failed}`,
    `  outcomes: ${counts(r.settled.map((s) => (s.failureReason ? `${s.status}:${s.failureReason}` : s.status)))}`,
    `  by customer: ${counts(r.settled.map((s) => `${byId.get(s.bookingId)?.behaviour}→${s.status}`))}`,
    `  workflows: ${counts(r.settled.map((s) => s.workflowStatus))}`,
    `  stripe: ${evidence.reduce((n, e) => n + e.created, 0)} PaymentIntents created, ${evidence.reduce((n, e) => n + e.replayed, 0)} creates replayed by the proxy, ${evidence.reduce((n, e) => n + e.captures, 0)} captures, ${evidence.filter((e) => e.intents.some((i) => i.refunded > 0)).length} refunded`,
    `  time: ready after ${r.seconds.ready.toFixed(0)} s; after sending: kills done ${r.seconds.kills.toFixed(0)} s, customers done ${r.seconds.customers.toFixed(0)} s, all settled ${r.seconds.settled.toFixed(0)} s; total with checks ${r.seconds.total.toFixed(0)} s`,
    `  logs: ${r.logDir} (database ${r.database})`,
  ];
  console.log(lines.join('\n'));
  for (const v of r.violations.slice(0, MAX_LISTED)) console.log(`  VIOLATION ${v}`);
  if (r.violations.length > MAX_LISTED) console.log(`  … and ${r.violations.length - MAX_LISTED} more`);
  console.log(
    r.violations.length === 0
      ? 'crash test: OK, every invariant held'
      : `crash test: FAILED, ${r.violations.length} violations`,
  );
}
