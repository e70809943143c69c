import test from 'ava';
import { createHash } from 'node:crypto';
import { flightFeedItem, hotelFeedItem } from '../../activities/suppliers/feed-schemas';
import { feedPage } from '../../tools/supplier-sim/feed';
import { CITIES } from '../../tools/supplier-sim/seed/cities';
import { generateCatalogue } from '../../tools/supplier-sim/seed/generate';
import { isoWithOffset, localToUtc } from '../../tools/supplier-sim/seed/time-zones';
import { newScope, startSimHarness, type SimHarness } from './helpers/sim';

let h: SimHarness;
test.before(async () => {
  h = await startSimHarness({ hotels: 150, flights: 1500 });
});
test.after.always(() => h?.close());

const FULL = { seed: 20261201, hotels: 10_000, flights: 50_000, days: 60, startDate: '2027-03-01' };

function digest(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v)))
    .digest('hex');
}

test('the seeded inventory is realistic: 10,000 hotels in 100+ real cities, 50,000 flights between their airports', (t) => {
  const c = generateCatalogue(FULL);
  t.is(c.hotels.length, 10_000);
  t.is(c.flights.length, 50_000);
  t.true(CITIES.length >= 100);
  t.true(new Set(c.hotels.map((x) => x.city)).size >= 100);
  const airports = new Set(CITIES.map((x) => x.iata));
  t.is(airports.size, CITIES.length, 'one IATA code per city');
  for (const city of CITIES) {
    t.true(Math.abs(city.lat) <= 90 && Math.abs(city.lon) <= 180 && /^[A-Z]{3}$/.test(city.iata), city.name);
  }
  for (const f of c.flights) {
    if (f.origin === f.destination || !airports.has(f.origin) || !airports.has(f.destination)) {
      return t.fail(`bad route ${f.id}`);
    }
    if (f.arrivalUtcMs - f.departureUtcMs !== f.durationMinutes * 60_000 || f.seatsLeft < 0)
      return t.fail(f.id);
  }
  for (const hotel of c.hotels) {
    const roomsOk = hotel.rooms.every((r) => r.available.length === 60 && r.capacity >= 1 && r.capacity <= 9);
    if (!roomsOk || hotel.rooms.some((r) => r.nightlyMinor <= 0) || hotel.stars < 1 || hotel.stars > 5) {
      return t.fail(hotel.id);
    }
  }
});

test('the generator is deterministic: the same seed gives the same inventory, another seed another', (t) => {
  const small = { ...FULL, hotels: 500, flights: 2_000 };
  t.is(digest(generateCatalogue(small).hotels), digest(generateCatalogue(small).hotels));
  t.is(digest(generateCatalogue(small).flights), digest(generateCatalogue(small).flights));
  t.not(digest(generateCatalogue({ ...small, seed: 1 }).flights), digest(generateCatalogue(small).flights));
});

test('flight times carry their local offsets (daylight saving included)', (t) => {
  t.is(isoWithOffset('Europe/London', Date.parse('2027-07-01T09:00:00Z')), '2027-07-01T10:00:00+01:00');
  t.is(isoWithOffset('Europe/London', Date.parse('2027-01-01T09:00:00Z')), '2027-01-01T09:00:00+00:00');
  t.is(isoWithOffset('Asia/Kathmandu', Date.parse('2027-01-01T00:00:00Z')), '2027-01-01T05:45:00+05:45');
  t.is(isoWithOffset('America/New_York', Date.parse('2027-01-01T12:00:00Z')), '2027-01-01T07:00:00-05:00');
  t.is(localToUtc('Europe/Paris', Date.parse('2027-07-01T08:15:00Z')), Date.parse('2027-07-01T06:15:00Z'));
});

test("every 10th of the 60,000 seeded items, across the whole inventory, passes the adapters' feed schemas", (t) => {
  const c = generateCatalogue(FULL);
  for (const [name, schema] of [
    ['hotel', hotelFeedItem],
    ['flight', flightFeedItem],
  ] as const) {
    let invalid = 0;
    for (let cursor: string | null = '0'; cursor !== null;) {
      const page = feedPage(c, name, new URLSearchParams({ cursor, limit: '1000' })).body as {
        items: unknown[];
        next_cursor: string | null;
      };
      // yup takes ~0.3 ms an item: a spread sample keeps the test short; the rules that only rare
      // items could break (duration, seats, prices) are checked on every item above.
      invalid += page.items.filter(
        (item, i) => i % 10 === 0 && !schema.isValidSync(item, { strict: true }),
      ).length;
      cursor = page.next_cursor;
    }
    t.is(invalid, 0, name);
  }
});

test('the feed pages through the whole live inventory, every item valid for the adapters', async (t) => {
  const { adapters, shutdown } = h.suppliers(newScope());
  t.teardown(shutdown);
  for (const [name, total, limit] of [
    ['hotel', 150, 40],
    ['flight', 1500, 400],
  ] as const) {
    const ids = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page:
        | Awaited<ReturnType<(typeof adapters)['hotel']['feedPage']>>
        | Awaited<ReturnType<(typeof adapters)['flight']['feedPage']>> = await adapters[name].feedPage(
        cursor,
        limit,
      );
      t.is(page.rejected, 0);
      t.is(page.total, total);
      for (const item of page.items) ids.add(item.id);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    t.is(ids.size, total, `${name}: every item once`);
    t.is(pages, Math.ceil(total / limit));
  }
});

test('the feed shows live availability: a hold takes its seats off the feed', async (t) => {
  const { adapters, shutdown } = h.suppliers(newScope());
  t.teardown(shutdown);
  const index = h.sim.catalogue.flights.findIndex(
    (f) => f.seatsLeft >= 3 && f.departureUtcMs > Date.now() + 86_400_000,
  );
  const flight = h.sim.catalogue.flights[index]!;
  const before = (await adapters.flight.feedPage(String(index), 1)).items[0]!;
  t.is(before.id, flight.id);
  await adapters.flight.hold(`feed-${index}-${Date.now()}`, { flightId: flight.id, seats: 2 });
  const after = (await adapters.flight.feedPage(String(index), 1)).items[0]!;
  t.is(after.seatsLeft, before.seatsLeft - 2);
});
