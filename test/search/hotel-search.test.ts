import test from 'ava';
import { startHotelFixture, ids } from './helpers/hotel-fixture';
import { day, fittingRoom } from './helpers/oracle';
import { qs, type Params } from './helpers/query-string';

type Fixture = Awaited<ReturnType<typeof startHotelFixture>>;
let h: Fixture['h'];
let feed: Fixture['feed'];
let city: Fixture['city'];
let stay: Fixture['stay'];
let base: Fixture['base'];
let search: Fixture['search'];
let allPages: Fixture['allPages'];
let expected: Fixture['expected'];

test.before(async () => {
  ({ h, feed, city, stay, base, search, allPages, expected } = await startHotelFixture());
});

test.after.always(async () => {
  await h?.close();
});

test('city and stay: exactly the hotels with a fitting room free every night, priced for the whole stay', async (t) => {
  const items = await allPages(base());
  const want = expected();
  t.true(want.length > 3);
  t.deepEqual(ids(items), ids(want));
  for (const item of items) {
    const room = fittingRoom(
      feed.items.find((x) => x.id === item.id)!,
      feed.start,
      stay,
    )!;
    t.is(item.room.type, room.type);
    t.is(item.nightly_minor, room.nightlyMinor);
    t.is(item.total_minor, room.nightlyMinor * 3);
  }
});

test('availability over the stay: a hotel sold out for one night is gone for stays over it, back for stays around it', async (t) => {
  const soldOut = feed.items.find((x) => x.city === city)!;
  t.false(ids(await allPages(base())).includes(soldOut.id));
  const before = { checkIn: day(feed.start, 1), checkOut: day(feed.start, 3) };
  const around = await allPages(base({ check_in: before.checkIn, check_out: before.checkOut }));
  t.is(
    ids(around).includes(soldOut.id),
    fittingRoom(soldOut, feed.start, { ...stay, ...before }) !== undefined,
  );
  t.true(ids(around).includes(soldOut.id) || soldOut.rooms.every((r) => r.capacity < 2));
});

test('guests and rooms: capacity and units per night for every room asked for', async (t) => {
  for (const s of [
    { guests: 4, rooms: 1 },
    { guests: 5, rooms: 2 },
    { guests: 2, rooms: 2 },
  ]) {
    const items = await allPages(base(s));
    t.deepEqual(ids(items), ids(expected(undefined, { ...stay, ...s })), JSON.stringify(s));
    for (const item of items) t.true(item.room.capacity * s.rooms >= s.guests);
  }
});

test('stars, amenities, currency and price range filters', async (t) => {
  t.deepEqual(ids(await allPages(base({ stars: '4,5' }))), ids(expected((x) => x.stars >= 4)));
  const amenity = feed.items.find((x) => x.city === city)!.amenities[0]!;
  t.deepEqual(
    ids(await allPages(base({ amenities: amenity }))),
    ids(expected((x) => x.amenities.includes(amenity))),
  );
  const prices = expected()
    .map((x) => fittingRoom(x, feed.start, stay)!.nightlyMinor)
    .sort((a, b) => a - b);
  const mid = prices[Math.floor(prices.length / 2)]!;
  const cheap = await allPages(base({ max_price: mid }));
  t.true(cheap.length > 0);
  for (const item of cheap) t.true(item.nightly_minor <= mid);
  t.deepEqual(
    ids(cheap),
    ids(
      expected((x) =>
        x.rooms.some(
          (r) => r.nightlyMinor <= mid && fittingRoom({ ...x, rooms: [r] }, feed.start, stay) !== undefined,
        ),
      ),
    ),
  );
  const dear = await allPages(base({ min_price: mid }));
  for (const item of dear) t.true(item.nightly_minor >= mid);
  const currency = feed.items.find((x) => x.city === city)!.currency;
  t.is((await allPages(base({ currency }))).length, expected().length);
  t.is((await search(base({ currency: currency === 'XXX' ? 'YYY' : 'XXX' }))).total, 0);
});

test('geo and radius: hotels within the radius, sortable by distance', async (t) => {
  const centre = feed.items.find((x) => x.city === city)!.location;
  const answer = await allPages({
    lat: centre.lat,
    lon: centre.lon,
    radius_km: 25,
    check_in: stay.checkIn,
    check_out: stay.checkOut,
    guests: 2,
    sort: 'distance',
  });
  t.true(answer.length > 0);
  const distances = answer.map((x) => x.distance_km!);
  t.deepEqual(
    distances,
    [...distances].sort((a, b) => a - b),
  );
  t.true(distances.every((d) => d <= 25));
  const km = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => {
    const rad = Math.PI / 180;
    const h2 =
      Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
    return 2 * 6371.0088 * Math.asin(Math.sqrt(h2));
  };
  // Well inside or well outside the radius (a hotel on the edge may round either way).
  const fits = feed.items.filter((x) => fittingRoom(x, feed.start, stay) !== undefined);
  const inside = fits.filter((x) => km(centre, x.location) < 24.5).map((x) => x.id);
  const outside = fits.filter((x) => km(centre, x.location) > 25.5).map((x) => x.id);
  const found = new Set(ids(answer));
  t.true(inside.every((id) => found.has(id)));
  t.true(outside.every((id) => !found.has(id)));
  for (const item of answer) {
    const want = km(centre, feed.items.find((x) => x.id === item.id)!.location);
    t.true(Math.abs(item.distance_km! - want) < 0.1, item.id);
  }
});

test('sorts: price ascending (the default), stars descending, relevance with text', async (t) => {
  const byPrice = await allPages(base());
  const prices = byPrice.map((x) => x.nightly_minor);
  t.deepEqual(
    prices,
    [...prices].sort((a, b) => a - b),
  );
  const byStars = (await allPages(base({ sort: 'stars' }))).map((x) => x.stars);
  t.deepEqual(
    byStars,
    [...byStars].sort((a, b) => b - a),
  );
  const named = expected()[0]!;
  const word = named.name.split(' ').find((w) => w.length > 3 && w !== city)!;
  const relevant = await allPages(base({ q: word }));
  t.deepEqual(
    ids(relevant),
    ids(expected((x) => x.name.toLowerCase().split(/\W+/).includes(word.toLowerCase()))),
  );
  t.is(await search(base({ sort: 'distance' })).catch((e: Error) => e.message.slice(0, 3)), '400');
});

test('facets: stars and amenities count the matching hotels; the price histogram counts hotels per nightly price bucket', async (t) => {
  const answer = await search(base({ limit: 1, price_interval: 10000 }));
  const want = expected();
  t.is(answer.total, want.length);
  const stars = new Map<number, number>();
  const amenities = new Map<string, number>();
  for (const x of want) {
    stars.set(x.stars, (stars.get(x.stars) ?? 0) + 1);
    for (const a of x.amenities) amenities.set(a, (amenities.get(a) ?? 0) + 1);
  }
  t.deepEqual(
    answer.facets.stars,
    [...stars].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ value, count })),
  );
  t.deepEqual(
    answer.facets.amenities,
    [...amenities].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([value, count]) => ({ value, count })),
  );
  const buckets = new Map<number, Set<string>>();
  for (const x of want) {
    for (const r of x.rooms) {
      if (!fittingRoom({ ...x, rooms: [r] }, feed.start, stay)) continue;
      const key = Math.floor(r.nightlyMinor / 10000) * 10000;
      buckets.set(key, (buckets.get(key) ?? new Set()).add(x.id));
    }
  }
  t.deepEqual(
    answer.facets.price_histogram,
    [...buckets]
      .sort((a, b) => a[0] - b[0])
      .map(([k, s]) => ({ from_minor: k, to_minor: k + 10000, hotels: s.size })),
  );
});

test('pagination: bounded page size, cursors that walk every hit once, a foreign cursor refused', async (t) => {
  const first = await search(base({ limit: 2 }));
  t.is(first.items.length, 2);
  t.truthy(first.next_cursor);
  t.is((await h.get(`/api/v1/search/hotels?${qs(base({ limit: 51 }))}`)).status, 400);
  t.is((await h.get(`/api/v1/search/hotels?${qs(base({ limit: 0 }))}`)).status, 400);
  const walked = await allPages(base());
  t.is(new Set(ids(walked)).size, walked.length);
  const foreign = await h.get(
    `/api/v1/search/hotels?${qs(base({ sort: 'stars', cursor: first.next_cursor! }))}`,
  );
  t.is(foreign.status, 400);
  t.is(foreign.json.error_code, 'VALIDATION_FAILED');
  const junk = await h.get(`/api/v1/search/hotels?${qs(base({ cursor: 'bm90LWpzb24' }))}`);
  t.is(junk.status, 400);
});

test('empty results: a city without hotels answers 200 with nothing and empty facets', async (t) => {
  const answer = await search(base({ city: 'Nowhereville' }));
  t.deepEqual(answer, {
    total: 0,
    items: [],
    next_cursor: null,
    facets: { stars: [], amenities: [], price_histogram: [] },
  });
});

test('check-in/check-out logic and bad input: clear 400s', async (t) => {
  const bad = async (p: Params) => (await h.get(`/api/v1/search/hotels?${qs(p)}`)).status;
  t.is(await bad(base({ check_out: stay.checkIn })), 400);
  t.is(await bad(base({ check_out: day(stay.checkIn, 31) })), 400);
  t.is(await bad(base({ check_in: '2020-01-01' })), 400);
  t.is(await bad(base({ check_in: '2027-02-30' })), 400);
  t.is(await bad(base({ rooms: 6 })), 400);
  t.is(await bad(base({ guests: 1, rooms: 2 })), 400);
  t.is(await bad(base({ lat: 10 })), 400);
  t.is(await bad({ check_in: stay.checkIn, check_out: stay.checkOut }), 400);
  t.is(await bad(base({ min_price: 10, max_price: 5 })), 400);
  t.is(await bad(base({ extra: 'x' })), 400);
});

test('SEC-VAL-06 Lucene syntax in the text is matched literally: operators, wildcards and field names find nothing', async (t) => {
  const all = expected();
  const [a, b] = all.map((x) => x.name.split(' ').find((w) => w.length > 3 && w !== city)!);
  t.true((await allPages(base({ q: a }))).length > 0);
  // query_string would read these as OR, a wildcard, a field query, a range: all would match.
  for (const q of [`${a} OR ${b}`, '*', `name:${a}`, 'stars:[1 TO 5]', `${a}~`, '(*)']) {
    const answer = await h.get(`/api/v1/search/hotels?${qs(base({ q }))}`);
    t.is(answer.status, 200, q);
    const found = answer.json.items as { id: string; name?: string }[];
    // Plain text: the words of q, all of them in the name; no words (only symbols) match nothing.
    const wanted = q.toLowerCase().split(/\W+/).filter(Boolean);
    const literal = expected((x) => {
      const words = x.name.toLowerCase().split(/\W+/);
      return wanted.length > 0 && wanted.every((w) => words.includes(w));
    });
    const literalIds = new Set(ids(literal));
    t.true(
      found.every((x) => literalIds.has(x.id)),
      q,
    );
    t.is(found.length, Math.min(literal.length, 20), q);
    if (q.includes(' OR ') || q.startsWith('name:') || q.startsWith('stars:')) t.is(found.length, 0, q);
    if (q === '*' || q === '(*)') t.is(found.length, 0, q);
  }
});
