import type { Catalogue } from '../catalogue';
import { generateFlights } from './flights';
import { generateHotels } from './hotels';
import { createPrng } from './prng';

export interface SeedOptions {
  seed: number;
  hotels: number;
  flights: number;
  /** First date of inventory, `YYYY-MM-DD`; today (UTC) when omitted. */
  startDate?: string;
  days: number;
}

/** The full seeded inventory: ≥ 10,000 hotels and ≥ 50,000 flights by default (see main.ts). */
export function generateCatalogue(options: SeedOptions): Catalogue {
  const startDate = options.startDate ?? new Date().toISOString().slice(0, 10);
  // Separate streams, so changing the number of hotels leaves the flights as they were.
  const hotels = generateHotels(createPrng(options.seed), options.hotels, options.days);
  const flights = generateFlights(
    createPrng(options.seed ^ 0x5f3759df),
    options.flights,
    startDate,
    options.days,
  );
  return {
    startDate,
    days: options.days,
    hotels,
    flights,
    hotelsById: new Map(hotels.map((h) => [h.id, h])),
    flightsById: new Map(flights.map((f) => [f.id, f])),
  };
}
