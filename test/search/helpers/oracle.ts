import type { FeedPage, FlightInventory, HotelInventory } from '../../../activities/suppliers';
import { addDays, daysBetween } from '../../../lib/dates/calendar-days';
import type { SearchHarness } from './search-harness';

export interface Feed<T> {
  items: T[];
  start: string;
}

/** Every item of a supplier's feed as the adapter validates it: the tests' independent truth. */
export async function wholeFeed<T extends HotelInventory | FlightInventory>(
  h: SearchHarness,
  supplier: 'hotel' | 'flight',
): Promise<Feed<T>> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (;;) {
    const read = (): Promise<FeedPage<unknown>> => h.deps.adapters[supplier].feedPage(cursor, 1000);
    // Once more on a transport failure: a keep-alive connection the simulator closed for
    // idleness just as it is reused fails like that on a busy machine (the sync's own reads
    // have the activity retry policy for it).
    const page: FeedPage<unknown> = await read().catch(read);
    items.push(...(page.items as T[]));
    cursor = page.nextCursor;
    if (!cursor) return { items, start: page.availabilityStart };
  }
}

/** The cheapest room type that holds `guests` in `rooms` rooms with `rooms` units every night. */
export function fittingRoom(
  h: HotelInventory,
  start: string,
  stay: { checkIn: string; checkOut: string; guests: number; rooms: number },
) {
  const from = daysBetween(start, stay.checkIn);
  const nights = daysBetween(stay.checkIn, stay.checkOut);
  const fits = h.rooms.filter(
    (r) =>
      r.capacity * stay.rooms >= stay.guests &&
      r.capacity >= Math.ceil(stay.guests / stay.rooms) &&
      Array.from({ length: nights }, (_, i) => r.available[from + i] ?? 0).every((u) => u >= stay.rooms),
  );
  return fits.sort((a, b) => a.nightlyMinor - b.nightlyMinor || (a.type < b.type ? -1 : 1))[0];
}

export const day = (start: string, offset: number) => addDays(start, offset);
