import test from 'ava';
import { randomBytes } from 'node:crypto';
import { createOpenSearch } from '../../lib/clients';
import { loadConfig } from '../../lib/config';
import { addDays, isoDay } from '../../lib/dates/calendar-days';
import {
  aliasName,
  concreteIndexName,
  dropSearchIndices,
  createSearchService,
  ensureSearchIndices,
  hotelDocument,
  MAPPINGS,
  toHotelSearch,
  writeHotelRating,
} from '../../services/search';
import { SETTINGS } from '../../services/search/mappings';
import type { HotelInventory } from '../../services/search/inventory';
import { identityApp } from '../accounts/helpers/identity-app';
import { goodHotelReview, reviewWorld, type Person } from './helpers/review-world';

const app = identityApp('reviews-search');
const w = reviewWorld(app);
const opensearch = createOpenSearch(loadConfig());
const oldPrefix = `t${randomBytes(5).toString('hex')}`;
const start = isoDay(new Date());
const CITY = 'Reviewtown';
let moderator: Person;

/** A hotel of the test city with rooms free for the next 60 nights. */
const hotel = (id: string): HotelInventory => ({
  id,
  name: `Hotel ${id}`,
  city: CITY,
  country: 'PT',
  iata: 'LIS',
  timeZone: 'Europe/Lisbon',
  location: { lat: 38.7, lon: -9.1 },
  stars: 3,
  amenities: ['wifi'],
  currency: 'EUR',
  rooms: [{ type: 'double', capacity: 2, nightlyMinor: 10_000, available: Array<number>(60).fill(3) }],
  cancellation: { freeUntilDays: 2, lateDeductionPercent: 50 },
});

async function put(index: string, id: string) {
  await opensearch.index({ index, id, body: hotelDocument(hotel(id), start) as never, refresh: true });
}

test.serial.before(async () => {
  moderator = await w.signIn('PLATFORM_ADMIN');
  await ensureSearchIndices(opensearch, app.searchPrefix);
  for (const id of ['HR00001', 'HR00002']) await put(aliasName(app.searchPrefix, 'hotels'), id);
  // An index built before ratings existed: its strict mapping has no `rating` field.
  const alias = aliasName(oldPrefix, 'hotels');
  const index = concreteIndexName(alias, 'old1');
  const { rating: _rating, ...oldProperties } = MAPPINGS.hotels.properties as Record<string, unknown>;
  await opensearch.indices.create({
    index,
    body: {
      settings: SETTINGS,
      mappings: { ...MAPPINGS.hotels, properties: oldProperties },
      aliases: { [alias]: {} },
    } as never,
  });
  await put(alias, 'HR00003');
});

test.after.always(async () => {
  await dropSearchIndices(opensearch, app.searchPrefix);
  await dropSearchIndices(opensearch, oldPrefix);
  await opensearch.close();
});

interface Hit {
  id: string;
  rating: { average: number | null; count: number };
}

async function search(extra: string): Promise<Hit[]> {
  const query = `city=${CITY}&check_in=${addDays(start, 5)}&check_out=${addDays(start, 7)}&${extra}`;
  const answer = await w.get(`/api/v1/search/hotels?${query}`);
  if (answer.status !== 200) throw new Error(`${answer.status} ${answer.text}`);
  return (answer.json.items as Hit[]).map(({ id, rating }) => ({ id, rating }));
}

async function publishedReview(hotelId: string, overall: number): Promise<string> {
  const guest = await w.signIn();
  const review = await w.review(
    guest,
    await w.hotelBooking(guest.id, { hotelId }),
    goodHotelReview({ overall }),
  );
  if (review.status !== 201) throw new Error(review.text);
  const published = await w.publish(moderator, review.json.id);
  if (published.status !== 200) throw new Error(published.text);
  return review.json.id as string;
}

test.serial(
  'a hotel’s average rating in search moves with each publish and each removal (real OpenSearch, no reindex)',
  async (t) => {
    const unrated = { average: null, count: 0 };
    t.deepEqual(await search('min_rating=1'), []);
    t.deepEqual(await search('sort=rating'), [
      { id: 'HR00001', rating: unrated },
      { id: 'HR00002', rating: unrated },
    ]);
    const five = await publishedReview('HR00002', 5);
    // The same query again: the index version moved, so no cached answer hides the new rating.
    t.deepEqual(await search('min_rating=1'), [{ id: 'HR00002', rating: { average: 5, count: 1 } }]);
    t.deepEqual(
      (await search('sort=rating')).map((h) => h.id),
      ['HR00002', 'HR00001'],
    );
    const two = await publishedReview('HR00002', 2);
    t.deepEqual(await search('min_rating=4'), []);
    t.deepEqual(await search('min_rating=3.5'), [{ id: 'HR00002', rating: { average: 3.5, count: 2 } }]);
    // A pending review counts for nothing until it is published.
    const guest = await w.signIn();
    t.is((await w.review(guest, await w.hotelBooking(guest.id, { hotelId: 'HR00002' }))).status, 201);
    t.deepEqual(await search('min_rating=3.5'), [{ id: 'HR00002', rating: { average: 3.5, count: 2 } }]);

    t.is((await w.reject(moderator, two, 'fake')).status, 200);
    t.deepEqual(await search('min_rating=4'), [{ id: 'HR00002', rating: { average: 5, count: 1 } }]);
    t.is((await w.reject(moderator, five, 'spam')).status, 200);
    t.deepEqual(await search('min_rating=1'), []);
    t.deepEqual(await search('sort=rating'), [
      { id: 'HR00001', rating: unrated },
      { id: 'HR00002', rating: unrated },
    ]);
  },
);

test.serial(
  'a document indexed before ratings has none ("no reviews"), sorts and filters, and takes a rating when one is published',
  async (t) => {
    const base = loadConfig();
    const service = createSearchService({
      opensearch,
      redis: app.redis,
      search: { ...base.search, indexPrefix: oldPrefix },
    });
    const query = (extra: Record<string, string>) =>
      toHotelSearch(
        { city: CITY, check_in: addDays(start, 5), check_out: addDays(start, 7), ...extra },
        base.search,
      );
    const ids = async (extra: Record<string, string>) =>
      (await service.hotels(query(extra))).results().items.map((h) => [h.id, h.rating]);
    t.deepEqual(await ids({ sort: 'rating' }), [['HR00003', { average: null, count: 0 }]]);
    t.deepEqual(await ids({ min_rating: '1' }), []);
    const written = await writeHotelRating(
      { opensearch, redis: app.redis, indexPrefix: oldPrefix },
      'HR00003',
      { average: 4.5, count: 2 },
    );
    t.is(written.written, 1);
    t.deepEqual(await ids({ min_rating: '4.5' }), [['HR00003', { average: 4.5, count: 2 }]]);
  },
);
