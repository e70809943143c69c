// The search answers' shapes, types only and importing nothing: the web app
// (web/src/pages/hotel-search.ts) reads them too, through an `import type` its bundle erases.

/** A hit's cancellation terms as search answers show them. */
export interface CancellationView {
  freeUntilDays: number;
  lateDeductionPercent: number;
  /** When the stay or flight starts (ISO 8601, UTC): the terms count back from here. */
  startsAt: string;
  /** The last free moment (ISO 8601, UTC) for this stay or flight. */
  freeUntil: string;
}

export interface HotelResult {
  id: string;
  name: string;
  city: string;
  country: string;
  stars: number;
  amenities: string[];
  location: { lat: number; lon: number };
  distance_km: number | null;
  room: { type: string; capacity: number };
  nights: number;
  rooms: number;
  nightly_minor: number;
  total_minor: number;
  currency: string;
  /** The hotel's terms, `freeUntil` counted from this search's check-in. */
  cancellation: CancellationView;
  /** Its published reviews: average overall rating (null without any) and how many. */
  rating: { average: number | null; count: number };
}

export interface HotelResults {
  total: number;
  items: HotelResult[];
  next_cursor: string | null;
  facets: {
    stars: { value: number; count: number }[];
    amenities: { value: string; count: number }[];
    price_histogram: { from_minor: number; to_minor: number; hotels: number }[];
  };
}
