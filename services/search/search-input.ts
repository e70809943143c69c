/** A hotel search as the route validated it (api/routes/search/hotel-schema.ts). */
export type HotelSort = 'price' | 'stars' | 'distance' | 'relevance';

export interface HotelSearch {
  city?: string;
  near?: { lat: number; lon: number; radiusKm: number };
  checkIn: string;
  checkOut: string;
  guests: number;
  rooms: number;
  minPrice?: number;
  maxPrice?: number;
  currency?: string;
  stars?: number[];
  amenities?: string[];
  /** Matched against hotel names as plain text (SEC-VAL-06). */
  text?: string;
  sort: HotelSort;
  limit: number;
  cursor?: string;
  priceInterval: number;
}

export type FlightSort = 'price' | 'departure' | 'duration';

export interface FlightSearch {
  origin: string;
  destination: string;
  date: string;
  returnDate?: string;
  passengers: number;
  cabin?: string;
  sort: FlightSort;
  limit: number;
  cursor?: string;
  returnCursor?: string;
}
