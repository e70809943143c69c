import test from 'ava';
import type { FlightInventory } from '../../activities/suppliers';
import { day, wholeFeed, type Feed } from './helpers/oracle';
import { qs, type Params } from './helpers/query-string';
import { startSyncedSearchHarness, type SearchHarness } from './helpers/search-harness';

let h: SearchHarness;
let feed: Feed<FlightInventory>;
let route: { origin: string; destination: string; date: string; returnDate: string };

test.before(async () => {
  h = await startSyncedSearchHarness({ hotels: 20, flights: 6000 });
  feed = await wholeFeed<FlightInventory>(h, 'flight');
  // The busiest route and day that also has flights back on some later day.
  const counts = new Map<string, number>();
  for (const f of feed.items) {
    const key = `${f.origin} ${f.destination} ${f.departureAt.slice(0, 10)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  for (const [key] of ranked) {
    const [origin, destination, date] = key.split(' ') as [string, string, string];
    const back = feed.items.find(
      (f) => f.origin === destination && f.destination === origin && f.departureAt.slice(0, 10) > date,
    );
    if (back) {
      route = { origin, destination, date, returnDate: back.departureAt.slice(0, 10) };
      break;
    }
  }
});

test.after.always(async () => {
  await h?.close();
});

const base = (extra: Params = {}): Params => ({
  origin: route.origin,
  destination: route.destination,
  date: route.date,
  ...extra,
});
interface Leg {
  total: number;
  items: {
    id: string;
    fare_minor: number;
    total_minor: number;
    departure_at: string;
    duration_minutes: number;
    seats_left: number;
    cabin: string;
  }[];
  next_cursor: string | null;
}
async function search(p: Params): Promise<{ passengers: number; outbound: Leg; return: Leg | null }> {
  const answer = await h.get(`/api/v1/search/flights?${qs(p)}`);
  if (answer.status !== 200) throw new Error(`${answer.status} ${answer.text}`);
  return answer.json;
}
async function allOutbound(p: Params) {
  const items: Leg['items'] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i += 1) {
    const answer = await search({ ...p, limit: 3, cursor });
    items.push(...answer.outbound.items);
    if (!answer.outbound.next_cursor) return items;
    cursor = answer.outbound.next_cursor;
  }
  throw new Error('pagination did not end');
}
const expected = (o: string, d: string, date: string, passengers = 1, cabin?: string) =>
  feed.items.filter(
    (f) =>
      f.origin === o &&
      f.destination === d &&
      f.departureAt.slice(0, 10) === date &&
      f.seatsLeft >= passengers &&
      (cabin === undefined || f.cabin === cabin),
  );
const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();

test('origin, destination and local departure day: exactly the flights with a seat, priced per passenger', async (t) => {
  const want = expected(route.origin, route.destination, route.date);
  t.true(want.length >= 2);
  const items = await allOutbound(base());
  t.deepEqual(ids(items), ids(want));
  const answer = await search(base({ passengers: 3 }));
  t.is(answer.passengers, 3);
  for (const f of answer.outbound.items) {
    t.is(f.total_minor, f.fare_minor * 3);
    t.true(f.seats_left >= 3);
  }
  t.is(answer.return, null);
});

test('passengers and cabin filters', async (t) => {
  const seats = [
    ...new Set(expected(route.origin, route.destination, route.date).map((f) => f.seatsLeft)),
  ].sort((a, b) => a - b);
  const passengers = Math.min(9, Math.max(1, seats[Math.floor(seats.length / 2)] ?? 1));
  t.deepEqual(
    ids(await allOutbound(base({ passengers }))),
    ids(expected(route.origin, route.destination, route.date, passengers)),
  );
  const cabin = expected(route.origin, route.destination, route.date)[0]!.cabin;
  t.deepEqual(
    ids(await allOutbound(base({ cabin }))),
    ids(expected(route.origin, route.destination, route.date, 1, cabin)),
  );
});

test('return date: outbound and return options, each leg with its own cursor', async (t) => {
  const answer = await search(base({ return_date: route.returnDate, limit: 50 }));
  t.truthy(answer.return);
  t.deepEqual(
    ids(answer.return!.items),
    ids(expected(route.destination, route.origin, route.returnDate)).slice(0, 50),
  );
  t.is(answer.return!.total, expected(route.destination, route.origin, route.returnDate).length);
  t.is((await h.get(`/api/v1/search/flights?${qs(base({ return_date: day(route.date, -1) }))}`)).status, 400);
  t.is((await h.get(`/api/v1/search/flights?${qs(base({ return_cursor: 'abc' }))}`)).status, 400);
});

test('sorts: price (default), departure, duration, ascending', async (t) => {
  const prices = (await allOutbound(base())).map((f) => f.fare_minor);
  t.deepEqual(
    prices,
    [...prices].sort((a, b) => a - b),
  );
  const departures = (await allOutbound(base({ sort: 'departure' }))).map((f) => Date.parse(f.departure_at));
  t.deepEqual(
    departures,
    [...departures].sort((a, b) => a - b),
  );
  const durations = (await allOutbound(base({ sort: 'duration' }))).map((f) => f.duration_minutes);
  t.deepEqual(
    durations,
    [...durations].sort((a, b) => a - b),
  );
});

test('pagination bounds, empty results and bad input', async (t) => {
  const status = async (p: Params) => (await h.get(`/api/v1/search/flights?${qs(p)}`)).status;
  t.is(await status(base({ limit: 51 })), 400);
  t.is(await status(base({ limit: 0 })), 400);
  t.is(await status(base({ passengers: 10 })), 400);
  t.is(await status(base({ destination: route.origin })), 400);
  t.is(await status(base({ origin: 'lis' })), 400);
  t.is(await status(base({ date: '2020-01-01' })), 400);
  t.is(await status(base({ cabin: 'steerage' })), 400);
  const none = await search(base({ origin: 'ZZZ' }));
  t.deepEqual(none.outbound, { total: 0, items: [], next_cursor: null });
});
