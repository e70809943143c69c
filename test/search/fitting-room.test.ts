import test from 'ava';
import fc from 'fast-check';
import { addDays } from '../../lib/dates/calendar-days';
import { encodeUnits } from '../../services/search';
import { fittingRoomPicker, type StoredRoom } from '../../services/search/fitting-room';
import { assertProperty } from '../helpers/property-runs';

const START = '2026-12-01';

/** The rule written out plainly: what OpenSearch's room filter and the old inner hit chose. */
function byTheRule(
  rooms: { type: string; capacity: number; nightly_minor: number; units: number[] }[],
  from: number,
  stay: { nights: number; guests: number; rooms: number; minPrice?: number; maxPrice?: number },
) {
  const fits = rooms.filter(
    (r) =>
      r.capacity >= Math.ceil(stay.guests / stay.rooms) &&
      (stay.minPrice === undefined || r.nightly_minor >= stay.minPrice) &&
      (stay.maxPrice === undefined || r.nightly_minor <= stay.maxPrice) &&
      from >= 0 &&
      Array.from({ length: stay.nights }, (_, i) => r.units[from + i] ?? 0).every((u) => u >= stay.rooms),
  );
  return fits.sort((a, b) => a.nightly_minor - b.nightly_minor || (a.type < b.type ? -1 : 1))[0];
}

const room = fc.record({
  capacity: fc.integer({ min: 1, max: 4 }),
  nightly_minor: fc.integer({ min: 1, max: 40 }).map((p) => p * 500),
  units: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120 })), { maxLength: 12 }),
});

test('the cheapest fitting room read from the stored rooms follows the room rule, with units as a string or as an array', (t) => {
  assertProperty(
    fc.property(
      fc.array(room, { minLength: 1, maxLength: 5 }),
      fc.integer({ min: -2, max: 12 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 0, max: 6 }),
      fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
      fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
      (raw, from, nights, rooms, extraGuests, minPrice, maxPrice) => {
        const typed = raw.map((r, i) => ({ ...r, type: `t${(i * 7) % 5}${i}` }));
        const stay = { nights, rooms, guests: rooms + extraGuests, minPrice, maxPrice };
        const checkIn = addDays(START, from);
        const search = { ...stay, checkIn, checkOut: addDays(checkIn, nights) };
        const want = byTheRule(typed, from, stay)?.type;
        const asString: StoredRoom[] = typed.map((r) => ({ ...r, units: encodeUnits(r.units) }));
        t.is(fittingRoomPicker(search)(asString, START)?.type, want);
        t.is(fittingRoomPicker(search)(typed, START)?.type, want);
      },
    ),
    { numRuns: 3000 },
  );
});
