export { aliasName, concreteIndexName, INVENTORY_KINDS, type InventoryKind } from './index-names';
export { MAPPINGS, MAX_ROOMS_PER_SEARCH } from './mappings';
export {
  createConcreteIndex,
  dropSearchIndices,
  ensureSearchIndices,
  indexExists,
  indicesBehind,
  swapAlias,
} from './indices';
export { bumpIndexVersion, indexVersion } from './version';
export {
  flightDocument,
  hotelDocument,
  roomWithOpenNights,
  addDays,
  daysBetween,
  decodeUnits,
  encodeUnits,
} from './documents';
export type { FlightDocument, HotelDocument, HotelRoomDocument } from './documents';
export { createSearchService, type SearchService } from './search-service';
export type { FlightSearch, HotelSearch, HotelSort, FlightSort } from './search-input';
export type { HotelResults, HotelResult } from './hotel-results';
export type { FlightResults, FlightResult } from './flight-results';
