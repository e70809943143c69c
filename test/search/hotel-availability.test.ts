import test from 'ava';
import { createSearchIndexActivities } from '../../activities/search/search-activities';
import type { HotelInventory } from '../../activities/suppliers';
import { startHotelFixture, ids } from './helpers/hotel-fixture';
import { fittingRoom } from './helpers/oracle';
import { qs } from './helpers/query-string';

type Fixture = Awaited<ReturnType<typeof startHotelFixture>>;
let h: Fixture['h'];
let feed: Fixture['feed'];
let city: Fixture['city'];
let stay: Fixture['stay'];
let base: Fixture['base'];
let search: Fixture['search'];
let allPages: Fixture['allPages'];

test.before(async () => {
  ({ h, feed, city, stay, base, search, allPages } = await startHotelFixture());
});

test.after.always(async () => {
  await h?.close();
});

/** Units of one room type free on every night of the stay (nights 2-4 of the feed). */
const freeForStay = (room: HotelInventory['rooms'][number]) =>
  Math.min(...Array.from({ length: 3 }, (_, i) => room.available[2 + i] ?? 0));

/** An availability change of `rooms` units of one room type over the stay, for `bookingId`. */
function change(
  hotel: HotelInventory,
  roomType: string,
  rooms: number,
  bookingId: string,
  kind: 'booked' | 'released',
) {
  const item = { hotelId: hotel.id, roomType, checkIn: stay.checkIn, checkOut: stay.checkOut, rooms };
  return { supplier: 'hotel' as const, item, bookingId, change: kind };
}

test.serial(
  'cache: a repeat is a hit; a sync bumps the index version so the next answer is fresh',
  async (t) => {
    const p = base({ stars: '1,2,3,4,5', limit: 3 });
    const first = await h.get(`/api/v1/search/hotels?${qs(p)}`);
    const second = await h.get(`/api/v1/search/hotels?${qs(p)}`);
    t.is(first.headers['x-search-cache'], 'miss');
    t.is(second.headers['x-search-cache'], 'hit');
    t.deepEqual(second.json, first.json);
    // Normalised: another order of the same stars and the same defaults are the same search.
    t.is(
      (await h.get(`/api/v1/search/hotels?${qs({ ...p, stars: '5,4,3,2,1' })}`)).headers['x-search-cache'],
      'hit',
    );
    await h.sync({ suppliers: ['hotel'] });
    t.is((await h.get(`/api/v1/search/hotels?${qs(p)}`)).headers['x-search-cache'], 'miss');
  },
);

test.serial(
  'a booked-out hotel disappears from search after the booking, and is back after its cancellation',
  async (t) => {
    const target = (await search(base())).items[0]!;
    const hotel = feed.items.find((x) => x.id === target.id)!;
    const { adjustAvailability } = createSearchIndexActivities(h.deps);
    const bookingIds: string[] = [];
    // Book every fitting room type until none is left for the stay.
    for (const room of hotel.rooms) {
      const units = freeForStay(room);
      if (units === 0) continue;
      const bookingId = `b-${h.prefix}-${room.type}`;
      bookingIds.push(bookingId);
      const booked = change(hotel, room.type, units, bookingId, 'booked');
      t.deepEqual(await adjustAvailability(booked), { applied: true, found: true });
      // Once per booking: a retried activity changes nothing.
      t.deepEqual(await adjustAvailability(booked), { applied: false, found: true });
    }
    t.false(ids(await allPages(base())).includes(hotel.id));
    for (const [i, room] of hotel.rooms.entries()) {
      const units = freeForStay(room);
      if (units === 0) continue;
      const bookingId = bookingIds.find((b) => b.endsWith(room.type)) ?? String(i);
      await adjustAvailability(change(hotel, room.type, units, bookingId, 'released'));
    }
    t.true(ids(await allPages(base())).includes(hotel.id));
  },
);

test.serial(
  'booking out one room type leaves the hotel offered with its other room types, whose availability the update keeps',
  async (t) => {
    const hotel = feed.items.find(
      (x) =>
        x.city === city &&
        x.rooms.filter((r) => r.capacity >= stay.guests && freeForStay(r) > 0).length >= 2 &&
        fittingRoom(x, feed.start, stay) !== undefined,
    );
    if (!hotel) return t.fail('the seeded city has no hotel with two fitting room types');
    const cheapest = fittingRoom(hotel, feed.start, stay)!;
    const { adjustAvailability } = createSearchIndexActivities(h.deps);
    const bookingId = `b-${h.prefix}-one-type`;
    const units = freeForStay(hotel.rooms.find((r) => r.type === cheapest.type)!);
    await adjustAvailability(change(hotel, cheapest.type, units, bookingId, 'booked'));
    const offered = (await allPages(base())).find((x) => x.id === hotel.id);
    t.truthy(offered, 'still offered: another room type is free every night');
    t.not(offered?.room.type, cheapest.type);
    await adjustAvailability(change(hotel, cheapest.type, units, bookingId, 'released'));
    t.is((await allPages(base())).find((x) => x.id === hotel.id)?.room.type, cheapest.type);
  },
);
