import test from 'ava';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { dayIndex } from '../../tools/supplier-sim/catalogue';
import { newScope, startSimHarness, type SimHarness } from './helpers/sim';

let h: SimHarness;
test.before(async () => {
  h = await startSimHarness();
});
test.after.always(() => h?.close());

/** Outcome counts of concurrent holds: successes, sold out, anything else. */
async function race(attempts: Promise<unknown>[]) {
  const settled = await Promise.allSettled(attempts);
  const held = settled.filter((s) => s.status === 'fulfilled').length;
  const soldOut = settled.filter(
    (s) => s.status === 'rejected' && s.reason instanceof ApplicationFailure && s.reason.type === 'SoldOut',
  ).length;
  return { held, soldOut, other: settled.length - held - soldOut };
}

test('SEC-VAL-08 20 concurrent holds of the last seat: exactly one holds it, 19 are sold out', async (t) => {
  const scope = newScope();
  const { adapters, shutdown } = h.suppliers(scope);
  t.teardown(shutdown);
  const flight = h.sim.catalogue.flights.find((f) => f.departureUtcMs > Date.now() + 86_400_000)!;
  await h.control('POST', '/units', { supplier: 'flight', flight_id: flight.id, units: 1 });
  // The reservation system takes its time between checking and writing: where races happen.
  await h.fault({ kind: 'slow_commit', ms: 20, route: 'hold' }, scope);
  const bookings = Array.from({ length: 20 }, () => randomUUID());
  const outcome = await race(
    bookings.map((id) => adapters.flight.hold(id, { flightId: flight.id, seats: 1 })),
  );
  t.deepEqual(outcome, { held: 1, soldOut: 19, other: 0 });
  t.is(flight.seatsLeft, 0);
  const { holds } = await h.control<{ holds: { item: { flight_id: string } }[] }>(
    'GET',
    '/holds?status=held',
  );
  t.is(holds.filter((x) => x.item.flight_id === flight.id).length, 1);
});

test('SEC-VAL-08 20 concurrent holds of the last room over overlapping stays: exactly one', async (t) => {
  const scope = newScope();
  const { adapters, shutdown } = h.suppliers(scope);
  t.teardown(shutdown);
  const hotel = h.sim.catalogue.hotels[3]!;
  const room = hotel.rooms[0]!;
  const c = h.sim.catalogue;
  const date = (offset: number) =>
    new Date(Date.parse(`${c.startDate}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  await h.control('POST', '/units', {
    supplier: 'hotel',
    hotel_id: hotel.id,
    room_type: room.type,
    from: date(10),
    to: date(14),
    units: 1,
  });
  await h.fault({ kind: 'slow_commit', ms: 20, route: 'hold' }, scope);
  // Stays of 1-3 nights that all include the night of day 12.
  const attempts = Array.from({ length: 20 }, (_, i) => {
    const start = 10 + (i % 3);
    return adapters.hotel.hold(randomUUID(), {
      hotelId: hotel.id,
      roomType: room.type,
      checkIn: date(start),
      checkOut: date(13 + (i % 2)),
      rooms: 1,
    });
  });
  const outcome = await race(attempts);
  t.deepEqual(outcome, { held: 1, soldOut: 19, other: 0 });
  t.is(room.available[dayIndex(c, date(12))], 0);
});
