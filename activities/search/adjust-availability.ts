import { ApplicationFailure } from '@temporalio/common';
import {
  aliasName,
  bumpIndexVersion,
  decodeUnits,
  roomWithOpenNights,
  type FlightDocument,
  type HotelDocument,
  type InventoryKind,
} from '../../services/search';
import { daysBetween } from '../../lib/dates/calendar-days';
import type { SupplierItem } from '../suppliers';
import type { SearchIndexDeps } from './deps';

export type AvailabilityChange = SupplierItem & {
  /** The booking the change belongs to: a change is applied once per booking and kind. */
  bookingId: string;
  /** `booked` takes the item's rooms or seats out of search; `released` gives them back. */
  change: 'booked' | 'released';
};

export interface AvailabilityResult {
  applied: boolean;
  found: boolean;
}

const BOOKING_ID = /^[A-Za-z0-9-]{1,64}$/;
const APPLIED_TTL_SECONDS = 30 * 86_400;
const MAX_CONFLICT_RETRIES = 5;

function adjustedHotel(doc: HotelDocument, change: AvailabilityChange & { supplier: 'hotel' }, sign: number) {
  const { roomType, checkIn, checkOut, rooms } = change.item;
  const from = daysBetween(doc.availability_start, checkIn);
  const to = daysBetween(doc.availability_start, checkOut);
  return {
    ...doc,
    // Every room's open_<n> lists are rebuilt: the stored source has units only (mappings.ts).
    rooms: doc.rooms.map((room) => {
      const current = decodeUnits(room.units);
      const units =
        room.type !== roomType
          ? current
          : current.map((u, i) => (i >= from && i < to ? Math.max(0, u + sign * rooms) : u));
      const next = roomWithOpenNights(
        { type: room.type, capacity: room.capacity, nightly_minor: room.nightly_minor, units },
        doc.availability_start,
      );
      // An index built before units were a string keeps its integer mapping until the next sync.
      return Array.isArray(room.units) ? { ...next, units } : next;
    }),
  };
}

function adjustedFlight(
  doc: FlightDocument,
  change: AvailabilityChange & { supplier: 'flight' },
  sign: number,
) {
  return { ...doc, seats_left: Math.max(0, doc.seats_left + sign * change.item.seats) };
}

/**
 * `adjustAvailability`: a booking (or its cancellation) changes the indexed inventory at once,
 * so search stops offering what is gone, until the next sync brings the supplier's own figures.
 * Applied once per booking and change (a Redis marker), with optimistic concurrency on the
 * document; the index version is bumped so no cached answer still offers it.
 */
export function createAdjustAvailabilityActivity(deps: SearchIndexDeps) {
  const prefix = deps.search.indexPrefix;
  return {
    async adjustAvailability(input: AvailabilityChange): Promise<AvailabilityResult> {
      if (
        !BOOKING_ID.test(String(input.bookingId)) ||
        (input.change !== 'booked' && input.change !== 'released')
      )
        throw ApplicationFailure.nonRetryable('invalid availability change', 'InvalidInput');
      const kind: InventoryKind = input.supplier === 'hotel' ? 'hotels' : 'flights';
      const id = input.supplier === 'hotel' ? input.item.hotelId : input.item.flightId;
      const marker = `search:${prefix}:adjusted:${input.bookingId}:${input.change}`;
      if ((await deps.redis.exists(marker)) === 1) return { applied: false, found: true };
      const sign = input.change === 'booked' ? -1 : 1;
      const index = aliasName(prefix, kind);
      for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
        const current = await deps.opensearch.get({ index, id }, { ignore: [404] });
        if (!current.body.found) return { applied: false, found: false };
        const source = current.body._source as unknown;
        const next =
          input.supplier === 'hotel'
            ? adjustedHotel(source as HotelDocument, input, sign)
            : adjustedFlight(source as FlightDocument, input, sign);
        const written = await deps.opensearch.index(
          {
            index: current.body._index,
            id,
            body: next as never,
            if_seq_no: current.body._seq_no,
            if_primary_term: current.body._primary_term,
            refresh: 'wait_for',
          },
          { ignore: [409] },
        );
        if (written.statusCode === 409) continue;
        await deps.redis.set(marker, '1', 'EX', APPLIED_TTL_SECONDS);
        await bumpIndexVersion(deps.redis, prefix, kind);
        return { applied: true, found: true };
      }
      throw ApplicationFailure.retryable(
        'availability kept changing under the update',
        'SearchIndexConflict',
      );
    },
  };
}
