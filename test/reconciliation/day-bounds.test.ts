import test from 'ava';
import { dayBounds } from '../../activities/payments/reconciliation-data';

// The day reconciliation compares is a calendar day by lib/dates' one rule, not by Date.parse,
// which reads 2026-02-30 as 2 March.
test('reconciliation compares one UTC calendar day, midnight to midnight', (t) => {
  t.deepEqual(dayBounds('2026-11-30'), {
    startMs: Date.UTC(2026, 10, 30),
    endMs: Date.UTC(2026, 11, 1),
  });
});

test('reconciliation refuses a day that is not on the calendar', (t) => {
  for (const day of ['2026-02-30', '2026-04-31', '2026-13-01', '2026-11-3', '30-11-2026', '']) {
    t.throws(() => dayBounds(day), { message: 'day must be YYYY-MM-DD' }, day);
  }
});
