export { aliasName, concreteIndexName, INVENTORY_KINDS, type InventoryKind } from './index-names';
export { MAPPINGS } from './mappings';
export {
  createConcreteIndex,
  dropSearchIndices,
  ensureSearchIndices,
  indexExists,
  indicesBehind,
  swapAlias,
} from './indices';
export { bumpIndexVersion, indexVersion } from './version';
export { flightDocument, hotelDocument, roomWithOpenNights, decodeUnits, encodeUnits } from './documents';
export type { FlightDocument, HotelDocument, HotelRoomDocument } from './documents';
export { createSearchService, type SearchAnswer, type SearchService } from './search-service';
/** Every search input rule, the query strings' types and the conversion to the service's input. */
export * from './search-input';
export { CABINS, type Cabin } from './inventory';
export type { HotelResults, HotelResult } from './hotel-results';
export type { FlightResults, FlightResult } from './flight-results';
export { carryHotelRatings, writeHotelRating, type HotelRatingResult } from './hotel-rating';
export type { RatingDocument } from './documents';
