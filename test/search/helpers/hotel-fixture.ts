import type { HotelInventory } from '../../../activities/suppliers';
import { day, fittingRoom, wholeFeed, type Feed } from './oracle';
import { qs, type Params } from './query-string';
import { startSyncedSearchHarness, type SearchHarness } from './search-harness';

export interface HotelAnswer {
  total: number;
  items: {
    id: string;
    stars: number;
    nightly_minor: number;
    total_minor: number;
    distance_km: number | null;
    amenities: string[];
    room: { type: string; capacity: number };
  }[];
  next_cursor: string | null;
  facets: {
    stars: { value: number; count: number }[];
    amenities: { value: string; count: number }[];
    price_histogram: { from_minor: number; to_minor: number; hotels: number }[];
  };
}

export type Stay = { checkIn: string; checkOut: string; guests: number; rooms: number };

/**
 * The hotel tests' world: 2,000 seeded hotels synced through the real worker, the city with
 * the most of them, a 3-night stay, and one hotel of the city sold out for the stay's middle
 * night (every room type); with the search calls the tests make and the feed as their oracle.
 */
export async function startHotelFixture() {
  let feed: Feed<HotelInventory> | undefined;
  let city = '';
  const h: SearchHarness = await startSyncedSearchHarness({ hotels: 2000, flights: 100 }, async (harness) => {
    const first = await wholeFeed<HotelInventory>(harness, 'hotel');
    const counts = new Map<string, number>();
    for (const x of first.items) counts.set(x.city, (counts.get(x.city) ?? 0) + 1);
    city = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const soldOut = first.items.find((x) => x.city === city)!;
    for (const room of soldOut.rooms) {
      await harness.sim.control('POST', '/units', {
        supplier: 'hotel',
        hotel_id: soldOut.id,
        room_type: room.type,
        units: 0,
        from: day(first.start, 3),
        to: day(first.start, 3),
      });
    }
    feed = await wholeFeed<HotelInventory>(harness, 'hotel');
  });
  const synced = feed!;
  const stay: Stay = { checkIn: day(synced.start, 2), checkOut: day(synced.start, 5), guests: 2, rooms: 1 };

  const base = (extra: Params = {}): Params => ({
    city,
    check_in: stay.checkIn,
    check_out: stay.checkOut,
    guests: stay.guests,
    ...extra,
  });
  async function search(p: Params): Promise<HotelAnswer> {
    const answer = await h.get(`/api/v1/search/hotels?${qs(p)}`);
    if (answer.status !== 200) throw new Error(`${answer.status} ${answer.text}`);
    return answer.json as HotelAnswer;
  }
  /** Every page through next_cursor, 7 at a time. */
  async function allPages(p: Params): Promise<HotelAnswer['items']> {
    const items: HotelAnswer['items'] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const answer = await search({ ...p, limit: 7, cursor });
      items.push(...answer.items);
      if (!answer.next_cursor) return items;
      cursor = answer.next_cursor;
    }
    throw new Error('pagination did not end');
  }
  /** What the feed says a search of the city should find. */
  const expected = (filter: (x: HotelInventory) => boolean = () => true, s: Stay = stay) =>
    synced.items.filter((x) => x.city === city && filter(x) && fittingRoom(x, synced.start, s) !== undefined);

  return { h, feed: synced, city, stay, base, search, allPages, expected };
}

export const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
