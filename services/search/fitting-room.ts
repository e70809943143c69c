import { daysBetween } from '../../lib/dates/calendar-days';
import type { HotelRoomDocument } from './documents';
import type { HotelSearch } from './search-input';

export type StoredRoom = Pick<HotelRoomDocument, 'type' | 'capacity' | 'nightly_minor' | 'units'>;

type Stay = Pick<HotelSearch, 'checkIn' | 'checkOut' | 'guests' | 'rooms' | 'minPrice' | 'maxPrice'>;

const COMMA = 0x2c;
const ZERO = 0x30;

/**
 * `rooms` units free on each of `nights` nights from night `from` (a night not listed has none).
 * The comma-separated string is scanned in place, only up to the stay's last night: decoding
 * every night of every room of every hit was the largest item of an answer's own CPU.
 */
function freeEveryNight(units: StoredRoom['units'], from: number, nights: number, rooms: number): boolean {
  if (from < 0) return false;
  if (typeof units !== 'string') {
    for (let i = from; i < from + nights; i += 1) if (!((units[i] ?? 0) >= rooms)) return false;
    return true;
  }
  let night = 0;
  let value = 0;
  for (let i = 0; i <= units.length; i += 1) {
    const c = i < units.length ? units.charCodeAt(i) : COMMA;
    if (c !== COMMA) {
      value = value * 10 + (c - ZERO);
      continue;
    }
    if (night >= from && value < rooms) return false;
    night += 1;
    if (night === from + nights) return true;
    value = 0;
  }
  return false; // the stay runs past the last night listed
}

/**
 * The cheapest room type of a hit that fits the stay, by the rule of `roomFilter`
 * (hotel-query.ts): capacity for the guests per room, `rooms` units free every night, the nightly
 * price in range; ties to the type's name. Read from the hit's stored rooms instead of a nested
 * inner-hits search per hit; OpenSearch matched the hotel on the same data, so one is there.
 * Built once per answer: the stay's offset is worked out once per availability start.
 */
export function fittingRoomPicker(search: Stay) {
  const perRoom = Math.ceil(search.guests / search.rooms);
  const nights = daysBetween(search.checkIn, search.checkOut);
  let start = '';
  let from = 0;
  return (rooms: readonly StoredRoom[], availabilityStart: string): StoredRoom | undefined => {
    if (availabilityStart !== start) {
      start = availabilityStart;
      from = daysBetween(availabilityStart, search.checkIn);
    }
    let best: StoredRoom | undefined;
    for (const room of rooms) {
      if (room.capacity < perRoom) continue;
      if (search.minPrice !== undefined && room.nightly_minor < search.minPrice) continue;
      if (search.maxPrice !== undefined && room.nightly_minor > search.maxPrice) continue;
      if (
        best &&
        (room.nightly_minor > best.nightly_minor ||
          (room.nightly_minor === best.nightly_minor && room.type > best.type))
      )
        continue;
      if (freeEveryNight(room.units, from, nights, search.rooms)) best = room;
    }
    return best;
  };
}
