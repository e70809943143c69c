import { createAdapter, type AdapterDeps } from './create-adapter';
import { toHotelInventory, type HotelInventory } from './feed-items';
import { hotelFeedItem } from './feed-schemas';
import type { HotelItem, SupplierAdapter } from './types';

export type HotelAdapter = SupplierAdapter<HotelItem, HotelInventory>;

/** The hotel supplier: stays of whole nights, rooms per night as inventory. */
export function createHotelAdapter(deps: AdapterDeps): HotelAdapter {
  return createAdapter(
    {
      name: 'hotel',
      wireItem: (item: HotelItem) => ({
        hotel_id: item.hotelId,
        room_type: item.roomType,
        check_in: item.checkIn,
        check_out: item.checkOut,
        rooms: item.rooms,
      }),
      feedItem: hotelFeedItem,
      toInventory: toHotelInventory,
    },
    deps,
  );
}
