import { cancellationPolicyFor } from './cancellation';
import type { Hotel, RoomType } from '../catalogue';
import { CITIES, EUR_RATE, type City } from './cities';
import type { Prng } from './prng';

const PREFIXES = [
  'Grand',
  'Royal',
  'Park',
  'City',
  'Harbour',
  'Old Town',
  'Central',
  'Garden',
  'Riverside',
  'Skyline',
  'Station',
  'Plaza',
  'Palace',
  'Boutique',
  'Little',
  'Blue',
  'Golden',
  'Silver',
  'Maple',
  'Olive',
];
const SUFFIXES = ['Hotel', 'Inn', 'Suites', 'Residence', 'Lodge', 'House', 'Resort', 'Apartments', 'Hostel'];
const AMENITIES = [
  'wifi',
  'parking',
  'pool',
  'gym',
  'spa',
  'restaurant',
  'bar',
  'airport_shuttle',
  'pet_friendly',
  'breakfast',
  'air_conditioning',
  'family_rooms',
];
const ROOM_TYPES: [type: string, capacity: number, factor: number][] = [
  ['single', 1, 0.7],
  ['double', 2, 1],
  ['twin', 2, 1],
  ['triple', 3, 1.3],
  ['family', 4, 1.6],
  ['suite', 2, 2.4],
];
/** Cities where a night costs more or less than the average (a crude cost-of-living factor). */
const EXPENSIVE = new Set(['CH', 'NO', 'IS', 'GB', 'US', 'DK', 'SG', 'AE', 'JP', 'AU', 'IL', 'HK']);
const CHEAP = new Set(['IN', 'NP', 'VN', 'ID', 'EG', 'MA', 'TN', 'LK', 'ET', 'KE', 'TH', 'PH', 'CO', 'PE']);

function roomTypes(prng: Prng, city: City, stars: number, days: number): RoomType[] {
  const costFactor = EXPENSIVE.has(city.country) ? 1.5 : CHEAP.has(city.country) ? 0.55 : 1;
  const baseEur = (35 + stars * stars * 14) * costFactor * (0.8 + prng.next() * 0.4);
  const rate = EUR_RATE[city.currency] ?? 1;
  return prng.sample(ROOM_TYPES, prng.int(2, 4)).map(([type, capacity, factor]) => {
    const total = prng.int(2, 30);
    const available = new Uint8Array(days);
    // Some nights are busy or sold out, so availability over a stay matters.
    for (let d = 0; d < days; d++)
      available[d] = prng.next() < 0.08 ? 0 : prng.int(Math.ceil(total / 3), total);
    // Whole currency units for currencies that are worth little (JPY, IDR …); cents otherwise.
    const perUnit = rate >= 100 ? 1 : 100;
    const nightlyMinor = Math.round(baseEur * factor * rate) * perUnit;
    return { type, capacity, nightlyMinor, available };
  });
}

/** `count` hotels spread over every city, near its centre. Ids are stable for a given seed. */
export function generateHotels(prng: Prng, count: number, days: number): Hotel[] {
  const hotels: Hotel[] = [];
  for (let i = 0; i < count; i++) {
    const city = CITIES[i % CITIES.length]!;
    const stars = prng.int(1, 5);
    const name = `${prng.pick(PREFIXES)} ${city.name} ${prng.pick(SUFFIXES)}`;
    const id = `H${String(i + 1).padStart(6, '0')}`;
    hotels.push({
      id,
      name: prng.next() < 0.3 ? `${name} ${prng.int(2, 99)}` : name,
      city: city.name,
      country: city.country,
      iata: city.iata,
      timeZone: city.timeZone,
      lat: Math.round((city.lat + (prng.next() - 0.5) * 0.12) * 1e5) / 1e5,
      lon: Math.round((city.lon + (prng.next() - 0.5) * 0.16) * 1e5) / 1e5,
      stars,
      amenities: prng.sample(AMENITIES, prng.int(2, 3 + stars * 2)).sort(),
      currency: city.currency,
      rooms: roomTypes(prng, city, stars, days),
      cancellation: cancellationPolicyFor(id),
    });
  }
  return hotels;
}
