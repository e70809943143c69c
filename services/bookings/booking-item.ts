/** A hotel stay as the platform asks for it. */
export interface HotelItem {
  hotelId: string;
  roomType: string;
  /** `YYYY-MM-DD`; check-out is the morning after the last night. */
  checkIn: string;
  checkOut: string;
  rooms: number;
}

export interface FlightItem {
  flightId: string;
  seats: number;
}

/** What a booking reserves, and at which supplier. */
export type SupplierItem = { supplier: 'hotel'; item: HotelItem } | { supplier: 'flight'; item: FlightItem };
