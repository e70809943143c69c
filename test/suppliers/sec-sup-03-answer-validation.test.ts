import test from 'ava';
import { randomUUID } from 'node:crypto';
import { flightFeedItem, hotelFeedItem } from '../../activities/suppliers/feed-schemas';
import { feedPage } from '../../tools/supplier-sim/feed';
import type { FaultKind } from '../../tools/supplier-sim/faults';
import { failsWith } from './helpers/failures';
import { newScope, startSimHarness, type SimHarness } from './helpers/sim';

let h: SimHarness;
test.before(async () => {
  h = await startSimHarness();
});
test.after.always(() => h?.close());

function freeFlight() {
  const flight = h.sim.catalogue.flights.find(
    (f) => f.seatsLeft >= 5 && f.departureUtcMs > Date.now() + 86_400_000,
  )!;
  return { flightId: flight.id, seats: 1 };
}

const REFUSED: FaultKind[] = ['malformed', 'wrong_shape', 'oversized', 'long_string', 'markup'];

for (const kind of REFUSED) {
  test(`SEC-SUP-03 a hold answer that is ${kind} is refused as InvalidSupplierAnswer, never returned`, async (t) => {
    const scope = newScope();
    await h.fault({ kind, route: 'hold', times: 1 }, scope);
    const { adapters, shutdown } = h.suppliers(scope);
    t.teardown(shutdown);
    const bookingId = randomUUID();
    const failure = await failsWith(
      t,
      adapters.flight.hold(bookingId, freeFlight()),
      'InvalidSupplierAnswer',
      true,
    );
    t.false(failure.message.includes('<img'), 'the hostile value is not echoed');
    t.true(failure.message.length < 300, 'nor is a long one');
    // The supplier may hold a unit it answered badly about: the compensation finds it by booking.
    const released = await adapters.flight.release(bookingId);
    t.is(released.released, kind === 'long_string' || kind === 'markup');
  });
}

test('SEC-SUP-03 feed items with markup, oversized or wrong fields are dropped and counted; the page envelope is checked whole', async (t) => {
  const scope = newScope();
  const { adapters, shutdown } = h.suppliers(scope);
  t.teardown(shutdown);
  const clean = await adapters.hotel.feedPage(null, 10);
  t.is(clean.items.length, 10);
  t.is(clean.rejected, 0);
  t.deepEqual(Object.keys(clean.items[0]!).sort(), [
    'amenities',
    'cancellation',
    'city',
    'country',
    'currency',
    'iata',
    'id',
    'location',
    'name',
    'rooms',
    'stars',
    'timeZone',
  ]);

  await h.fault({ kind: 'markup', route: 'feed', times: 1 }, scope);
  const marked = await adapters.hotel.feedPage(null, 10);
  t.is(marked.rejected, 1, 'the item whose text carries markup');
  t.is(marked.items.length, 9);
  t.false(JSON.stringify(marked.items).includes('<'));

  await h.fault({ kind: 'long_string', route: 'feed', times: 1 }, scope);
  t.like(await adapters.flight.feedPage(null, 10), { rejected: 1 });

  for (const kind of ['wrong_shape', 'malformed', 'oversized'] as const) {
    await h.fault({ kind, route: 'feed', times: 1 }, scope);
    await failsWith(t, adapters.flight.feedPage(null, 10), 'InvalidSupplierAnswer', true);
  }
});

// Serial: it changes catalogue items for a moment, and ava runs serial tests before the others.
test.serial(
  'SEC-SUP-03 feed items whose cancellation terms are missing, of the wrong type or out of bounds are dropped and counted',
  async (t) => {
    const { adapters, shutdown } = h.suppliers(newScope());
    t.teardown(shutdown);
    // What a faulty supplier sends: values the simulator's own types cannot hold, served as set.
    const bad: Record<string, unknown>[] = [
      { freeUntilDays: undefined, lateDeductionPercent: 50 },
      { freeUntilDays: 3, lateDeductionPercent: null },
      { freeUntilDays: '3', lateDeductionPercent: 50 },
      { freeUntilDays: 1.5, lateDeductionPercent: 50 },
      { freeUntilDays: -1, lateDeductionPercent: 50 },
      { freeUntilDays: 366, lateDeductionPercent: 50 },
      { freeUntilDays: 3, lateDeductionPercent: 101 },
      { freeUntilDays: 3, lateDeductionPercent: -1 },
      { freeUntilDays: 3, lateDeductionPercent: 12.5 },
    ];
    const edges = [
      { freeUntilDays: 0, lateDeductionPercent: 0 },
      { freeUntilDays: 365, lateDeductionPercent: 100 },
    ];
    for (const supplier of ['hotel', 'flight'] as const) {
      const items = supplier === 'hotel' ? h.sim.catalogue.hotels : h.sim.catalogue.flights;
      const changed: { id: string; cancellation: unknown }[] = items.slice(
        20,
        20 + bad.length + edges.length,
      );
      const saved = changed.map((item) => item.cancellation);
      try {
        [...bad, ...edges].forEach((terms, i) => (changed[i]!.cancellation = terms));
        const page = await adapters[supplier].feedPage('20', changed.length);
        t.is(page.rejected, bad.length, supplier);
        t.deepEqual(
          page.items.map((item) => [item.id, item.cancellation]),
          changed.slice(bad.length).map((item, i) => [item.id, edges[i]]),
          `${supplier}: only the items with terms in bounds, with their terms`,
        );
      } finally {
        changed.forEach((item, i) => (item.cancellation = saved[i]));
      }
    }
  },
);

test('SEC-SUP-03 a feed item without cancellation terms, or with null ones, is refused', (t) => {
  for (const [supplier, schema] of [
    ['hotel', hotelFeedItem],
    ['flight', flightFeedItem],
  ] as const) {
    const raw = (
      feedPage(h.sim.catalogue, supplier, new URLSearchParams('limit=1')).body as { items: object[] }
    ).items[0]!;
    t.true(schema.isValidSync(raw, { strict: true }), `${supplier}: as served`);
    const { cancellation_policy: _dropped, ...without } = raw as Record<string, unknown>;
    t.false(schema.isValidSync(without, { strict: true }), `${supplier}: without terms`);
    t.false(
      schema.isValidSync({ ...raw, cancellation_policy: null }, { strict: true }),
      `${supplier}: null terms`,
    );
  }
});

test('SEC-SUP-03 a confirm answer of the wrong shape is refused, and a refusal names the supplier code', async (t) => {
  const scope = newScope();
  const { adapters, shutdown } = h.suppliers(scope);
  t.teardown(shutdown);
  const bookingId = randomUUID();
  const hold = await adapters.flight.hold(bookingId, freeFlight());
  t.is(hold.status, 'held');
  // Cancelling a hold that is only held: the supplier refuses, the adapter says why.
  const refused = await failsWith(t, adapters.flight.cancel(bookingId, hold.holdId), 'SupplierRefused', true);
  t.regex(refused.message, /HOLD_NOT_CONFIRMED/);
  await h.fault({ kind: 'wrong_shape', route: 'confirm', times: 1 }, scope);
  await failsWith(t, adapters.flight.confirm(bookingId, hold.holdId), 'InvalidSupplierAnswer', true);
  t.like(await adapters.flight.confirm(bookingId, hold.holdId), { status: 'confirmed' });
});
