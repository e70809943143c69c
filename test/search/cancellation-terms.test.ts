import test from 'ava';
import type { FlightInventory } from '../../activities/suppliers';
import { DAY_MS, addDays } from '../../lib/dates/calendar-days';
import { aliasName, bumpIndexVersion } from '../../services/search';
import type { CancellationPolicy } from '../../services/bookings/cancellation-policy';
import { wholeFeed, type Feed } from './helpers/oracle';
import { qs, type Params } from './helpers/query-string';
import { startSyncedSearchHarness, type SearchHarness } from './helpers/search-harness';

let h: SearchHarness;
let flights: Feed<FlightInventory>;

test.before(async () => {
  h = await startSyncedSearchHarness({ hotels: 300, flights: 1500 });
  flights = await wholeFeed<FlightInventory>(h, 'flight');
});

test.after.always(async () => {
  await h?.close();
});

interface Terms {
  freeUntilDays: number;
  lateDeductionPercent: number;
  startsAt: string;
  freeUntil: string;
}
interface Hit {
  id: string;
  cancellation: Terms;
}

/** The simulator's own terms for an item, with the last free moment before `startsAtMs`. */
const termsOf = (policy: CancellationPolicy, startsAtMs: number): Terms => ({
  freeUntilDays: policy.freeUntilDays,
  lateDeductionPercent: policy.lateDeductionPercent,
  startsAt: new Date(startsAtMs).toISOString(),
  freeUntil: new Date(startsAtMs - policy.freeUntilDays * DAY_MS).toISOString(),
});

async function get<T>(path: string, p: Params): Promise<T> {
  const answer = await h.get(`${path}?${qs(p)}`);
  if (answer.status !== 200) throw new Error(`${answer.status} ${answer.text}`);
  return answer.json as T;
}

/** Route-days of the feed, busiest first: `origin destination local-day`. */
function busiestRouteDays(): [string, string, string][] {
  const counts = new Map<string, number>();
  for (const f of flights.items) {
    const key = `${f.origin} ${f.destination} ${f.departureAt.slice(0, 10)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key]) => key.split(' ') as [string, string, string]);
}

test('hotel search: each hit shows its hotel’s terms as the simulator has them, free until N days before the check-in day’s 15:00 UTC', async (t) => {
  const catalogue = h.sim.sim.catalogue;
  const counts = new Map<string, number>();
  for (const x of catalogue.hotels) counts.set(x.city, (counts.get(x.city) ?? 0) + 1);
  const city = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  const policies = new Set<string>();
  for (const offset of [3, 10]) {
    const checkIn = addDays(catalogue.startDate, offset);
    const answer = await get<{ items: Hit[] }>('/api/v1/search/hotels', {
      city,
      check_in: checkIn,
      check_out: addDays(checkIn, 2),
      limit: 50,
    });
    t.true(answer.items.length >= 3, `hotels in ${city} from ${checkIn}`);
    for (const item of answer.items) {
      const hotel = catalogue.hotelsById.get(item.id)!;
      t.deepEqual(
        item.cancellation,
        termsOf(hotel.cancellation, Date.parse(`${checkIn}T15:00:00Z`)),
        `${item.id} from ${checkIn}`,
      );
      policies.add(JSON.stringify(hotel.cancellation));
    }
  }
  t.true(policies.size >= 2, 'hotels with different terms were compared');
});

test('flight search: each outbound and return fare shows its terms as the simulator has them, free until N days before departure', async (t) => {
  const catalogue = h.sim.sim.catalogue;
  const policies = new Set<string>();
  let compared = 0;
  for (const [origin, destination, date] of busiestRouteDays().slice(0, 3)) {
    const answer = await get<{ outbound: { items: Hit[] }; return: { items: Hit[] } }>(
      '/api/v1/search/flights',
      { origin, destination, date, return_date: addDays(date, 1), limit: 50 },
    );
    for (const item of [...answer.outbound.items, ...answer.return.items]) {
      const flight = catalogue.flightsById.get(item.id)!;
      t.deepEqual(item.cancellation, termsOf(flight.cancellation, flight.departureUtcMs), item.id);
      policies.add(JSON.stringify(flight.cancellation));
      compared += 1;
    }
  }
  t.true(compared >= 3, 'fares were compared');
  t.true(policies.size >= 2, 'fares with different terms were compared');
});

// Serial: it adds a document to the shared index for a moment; ava runs serial tests first.
test.serial(
  'a hit indexed before hotels and fares had terms is answered 503, never shown without terms',
  async (t) => {
    const [origin, destination, date] = busiestRouteDays()[0]!;
    const flight = flights.items.find(
      (f) => f.origin === origin && f.destination === destination && f.departureAt.startsWith(date),
    )!;
    const { opensearch } = h.deps;
    const index = aliasName(h.prefix, 'flights');
    const stored = await opensearch.get({ index, id: flight.id });
    const { cancellation: _terms, ...legacy } = stored.body._source as Record<string, unknown>;
    const id = `${flight.id}-legacy`;
    await opensearch.index({ index, id, body: { ...legacy, id }, refresh: true });
    await bumpIndexVersion(h.deps.redis, h.prefix, 'flights');
    try {
      const answer = await h.get(`/api/v1/search/flights?${qs({ origin, destination, date, limit: 50 })}`);
      t.is(answer.status, 503, answer.text);
    } finally {
      await opensearch.delete({ index, id, refresh: true });
      await bumpIndexVersion(h.deps.redis, h.prefix, 'flights');
    }
  },
);
