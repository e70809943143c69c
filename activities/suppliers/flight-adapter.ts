import { createAdapter, type AdapterDeps } from './create-adapter';
import { toFlightInventory, type FlightInventory } from './feed-items';
import { flightFeedItem } from './feed-schemas';
import type { FlightItem, SupplierAdapter } from './types';

export type FlightAdapter = SupplierAdapter<FlightItem, FlightInventory>;

/** The flight supplier: seats on one flight in one cabin. */
export function createFlightAdapter(deps: AdapterDeps): FlightAdapter {
  return createAdapter(
    {
      name: 'flight',
      wireItem: (item: FlightItem) => ({ flight_id: item.flightId, seats: item.seats }),
      feedItem: flightFeedItem,
      toInventory: toFlightInventory,
    },
    deps,
  );
}
