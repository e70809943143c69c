import { stayStartsAt } from '../bookings/cancellation-policy';
import { cancellationView } from './cancellation-view';
import { encodeCursor } from './cursor';
import type { CancellationDocument, RatingDocument } from './documents';
import { fittingRoomPicker, type StoredRoom } from './fitting-room';
import { daysBetween } from '../../lib/dates/calendar-days';
import type { HotelResult, HotelResults } from './answer-types';
import type { HotelSearch } from './search-input';

export type { HotelResult, HotelResults };

interface Hit {
  _source: Omit<
    HotelResult,
    'distance_km' | 'room' | 'nights' | 'rooms' | 'nightly_minor' | 'total_minor' | 'cancellation' | 'rating'
  > & {
    availability_start: string;
    rooms: StoredRoom[];
    cancellation?: CancellationDocument;
    rating?: RatingDocument;
  };
  sort: unknown[];
}

interface Bucket<K> {
  key: K;
  doc_count: number;
}

/**
 * A missing rating means no published review, not an index to rebuild (unlike the cancellation
 * terms): reviews are newer than every document indexed before them, so none of those had one.
 */
function ratingView(rating: RatingDocument | undefined): HotelResult['rating'] {
  if (!rating || rating.count < 1) return { average: null, count: 0 };
  return { average: Math.round(rating.average * 100) / 100, count: rating.count };
}

/** The answer from OpenSearch's: each hotel priced for the whole stay at its cheapest fitting room. */
export function hotelResults(search: HotelSearch, body: Record<string, unknown>): HotelResults {
  const hits = (body.hits as { total: { value: number }; hits: Hit[] }).hits;
  const total = (body.hits as { total: { value: number } }).total.value;
  const aggs = body.aggregations as {
    stars: { buckets: Bucket<number>[] };
    amenities: { buckets: Bucket<string>[] };
    rooms: { fitting: { price: { buckets: (Bucket<number> & { hotels: { doc_count: number } })[] } } };
  };
  const nights = daysBetween(search.checkIn, search.checkOut);
  const cheapestFittingRoom = fittingRoomPicker(search);
  const startsAt = stayStartsAt(search.checkIn);
  const items = hits.map((hit): HotelResult => {
    const s = hit._source;
    const room = cheapestFittingRoom(s.rooms, s.availability_start);
    // OpenSearch matched the hotel by the same rule on the same data: not reachable.
    if (!room) throw new Error(`hotel ${s.id} matched without a fitting room`);
    return {
      id: s.id,
      name: s.name,
      city: s.city,
      country: s.country,
      stars: s.stars,
      amenities: s.amenities,
      location: s.location,
      distance_km: search.sort === 'distance' ? Math.round(Number(hit.sort[0]) * 100) / 100 : null,
      room: { type: room.type, capacity: room.capacity },
      nights,
      rooms: search.rooms,
      nightly_minor: room.nightly_minor,
      total_minor: room.nightly_minor * nights * search.rooms,
      currency: s.currency,
      cancellation: cancellationView(s.cancellation, startsAt),
      rating: ratingView(s.rating),
    };
  });
  const last = hits.at(-1);
  return {
    total,
    items,
    next_cursor: last && hits.length === search.limit ? encodeCursor(search.sort, last.sort) : null,
    facets: {
      stars: aggs.stars.buckets.map((b) => ({ value: b.key, count: b.doc_count })),
      amenities: aggs.amenities.buckets.map((b) => ({ value: b.key, count: b.doc_count })),
      price_histogram: aggs.rooms.fitting.price.buckets.map((b) => ({
        from_minor: b.key,
        to_minor: b.key + search.priceInterval,
        hotels: b.hotels.doc_count,
      })),
    },
  };
}
