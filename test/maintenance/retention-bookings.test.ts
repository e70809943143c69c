import test from 'ava';
import { bookingAnonymisationWorkflow, bookingCompletionWorkflow } from '../../workflows/maintenance-pool';
import { retentionEvents, retentionHarness, type RetentionHarness } from './helpers/retention-harness';
import { bookingStates, plantBooking, plantUser, type BookingState } from './helpers/retention-rows';

// The run's clock (input): 2030-06-15 12:00 UTC. A trip ends at the end of its last day (UTC).
// Completion cutoff: ended by 2030-03-17 12:00 (90 days before); anonymisation cutoff: by
// 2023-03-17 12:00 (7 years before that). Each edge has a booking 12 hours either side.
const NOW = Date.parse('2030-06-15T12:00:00.000Z');

let r: RetentionHarness;
const planted: Record<string, string> = {};
let before: Map<string, BookingState>;

test.before(async () => {
  r = await retentionHarness();
  const user = await plantUser(r.h.db);
  const rows: Array<[string, string, Parameters<typeof plantBooking>[3], string?]> = [
    ['completedEdge', '2030-03-16', 'hotel'],
    ['completedOneWay', '2030-01-10', 'flight-one-way'],
    ['completedCancelled', '2029-12-01', 'hotel', 'CANCELLED'],
    ['activeEdge', '2030-03-17', 'hotel'],
    ['activeReturnFlight', '2030-03-17', 'flight-return'], // departed in 2000: the return counts
    ['activeFuture', '2030-09-01', 'hotel', 'PAID'],
    ['anonymiseEdge', '2023-03-16', 'hotel'],
    ['anonymiseOld', '2015-05-05', 'flight-return', 'CANCELLED'],
    ['keptSevenYearsEdge', '2023-03-17', 'hotel'],
  ];
  for (const [name, lastDay, kind, status] of rows)
    planted[name] = (await plantBooking(r.h.db, user, lastDay, kind, status)).id;
  before = await bookingStates(r.h.db);
});
test.after.always(async () => {
  await r?.close();
});

const pick = (states: Map<string, BookingState>, names: string[]) =>
  names.map((name) => {
    const s = states.get(planted[name]!)!;
    return { name, notes: s.notes, passengers: s.passengers, passports: s.passports };
  });
const financial = (s: BookingState) => ({
  status: s.status,
  amount: s.amount_minor,
  currency: s.currency,
  details: s.details,
});

test.serial(
  'SEC-PRIV-03 active bookings until trip end + 90 days: the completion run clears notes and passport numbers of exactly the bookings whose trip ended 90 days before the run clock, keeps names, amounts and every younger booking, and audits retention.applied',
  async (t) => {
    const handle = await r.start(bookingCompletionWorkflow, 'completion', NOW);
    t.like(await handle.result(), {
      rule: 'active-bookings',
      cutoff: '2030-03-17T12:00:00.000Z',
      anonymised: 6,
      purged: 0,
      batches: 4,
      more: false,
    });
    const after = await bookingStates(r.h.db);
    const completed = [
      'completedEdge',
      'completedOneWay',
      'completedCancelled',
      'anonymiseEdge',
      'anonymiseOld',
      'keptSevenYearsEdge',
    ];
    const active = ['activeEdge', 'activeReturnFlight', 'activeFuture'];
    t.deepEqual(
      pick(after, completed),
      completed.map((name) => ({ name, notes: false, passengers: 2, passports: 0 })),
    );
    t.deepEqual(
      pick(after, active),
      active.map((name) => ({ name, notes: true, passengers: 2, passports: 1 })),
    );
    for (const [id, s] of after)
      t.deepEqual(financial(s), financial(before.get(id)!), 'the financial record stays');
    t.like((await retentionEvents(r.h)).at(-1), {
      rule: 'active-bookings',
      details: { cutoff: '2030-03-17T12:00:00.000Z', anonymised: 6, purged: 0 },
    });
  },
);

test.serial(
  'SEC-PRIV-03 completed bookings 7 years then anonymised: the anonymisation run deletes the passengers and notes of exactly the bookings completed 7 years before the run clock; the booking rows keep amounts, currency, dates and status; younger ones keep their passengers; audited',
  async (t) => {
    const handle = await r.start(bookingAnonymisationWorkflow, 'anonymisation', NOW);
    t.like(await handle.result(), {
      rule: 'completed-bookings',
      cutoff: '2023-03-17T12:00:00.000Z',
      anonymised: 2,
      batches: 2,
      more: false,
    });
    const after = await bookingStates(r.h.db);
    t.is(after.size, before.size, 'no booking row is deleted');
    t.deepEqual(pick(after, ['anonymiseEdge', 'anonymiseOld']), [
      { name: 'anonymiseEdge', notes: false, passengers: 0, passports: 0 },
      { name: 'anonymiseOld', notes: false, passengers: 0, passports: 0 },
    ]);
    t.deepEqual(pick(after, ['keptSevenYearsEdge']), [
      { name: 'keptSevenYearsEdge', notes: false, passengers: 2, passports: 0 },
    ]);
    t.deepEqual(
      pick(after, ['activeEdge', 'activeFuture']).map((s) => s.passengers),
      [2, 2],
    );
    for (const [id, s] of after)
      t.deepEqual(financial(s), financial(before.get(id)!), 'the financial record stays');
    t.like((await retentionEvents(r.h)).at(-1), {
      rule: 'completed-bookings',
      details: { cutoff: '2023-03-17T12:00:00.000Z', anonymised: 2 },
    });
    // A repeat at the same clock finds nothing left to anonymise.
    t.like(await (await r.start(bookingAnonymisationWorkflow, 'anonymisation-again', NOW)).result(), {
      anonymised: 0,
      batches: 1,
    });
  },
);
