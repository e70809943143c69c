import type { Catalogue } from './catalogue';

/** Remembers the generated units so `/_control/reset` can put them back. */
export function snapshotInventory(catalogue: Catalogue): () => void {
  const rooms = catalogue.hotels.map((h) => h.rooms.map((r) => Uint8Array.from(r.available)));
  const seats = Int16Array.from(catalogue.flights, (f) => f.seatsLeft);
  return () => {
    catalogue.hotels.forEach((h, i) => h.rooms.forEach((r, j) => r.available.set(rooms[i]![j]!)));
    catalogue.flights.forEach((f, i) => (f.seatsLeft = seats[i]!));
  };
}
