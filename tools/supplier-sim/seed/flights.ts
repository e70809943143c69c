import { cancellationPolicyFor } from './cancellation';
import { DAY_MS } from '../../../lib/dates/calendar-days';
import type { Flight } from '../catalogue';
import { CITIES, EUR_RATE, distanceKm } from './cities';
import type { Prng } from './prng';
import { localToUtc } from './time-zones';

const CARRIERS = [
  'LH',
  'AF',
  'BA',
  'KL',
  'IB',
  'AZ',
  'LX',
  'OS',
  'SK',
  'AY',
  'TP',
  'EI',
  'UA',
  'AA',
  'DL',
  'AC',
  'QF',
  'NH',
  'JL',
  'SQ',
  'CX',
  'EK',
  'QR',
  'TK',
  'ET',
  'LA',
  'AM',
  'NZ',
  'KE',
  'MH',
  'TG',
  'EY',
];
const MAX_NONSTOP_KM = 15_000;
const CABINS: [Flight['cabin'], number, number][] = [
  // cabin, share of offers (cumulative), fare factor
  ['economy', 0.7, 1],
  ['premium_economy', 0.82, 1.7],
  ['business', 0.96, 3.4],
  ['first', 1, 6],
];

function cabin(prng: Prng): [Flight['cabin'], number] {
  const roll = prng.next();
  const [name, , factor] = CABINS.find(([, upTo]) => roll < upTo)!;
  return [name, factor];
}

/**
 * `count` flights between the cities' airports over `days` days from `startDate`: departure in
 * the origin's local time, arrival in the destination's, durations from great-circle distance.
 */
export function generateFlights(prng: Prng, count: number, startDate: string, days: number): Flight[] {
  const start = Date.parse(`${startDate}T00:00:00Z`);
  const flights: Flight[] = [];
  for (let i = 0; i < count; i++) {
    const origin = prng.pick(CITIES);
    let destination = prng.pick(CITIES);
    // Non-stop only: no route longer than the longest real ones (about 15,000 km, 19 h).
    while (destination === origin || distanceKm(origin, destination) > MAX_NONSTOP_KM)
      destination = prng.pick(CITIES);
    const km = distanceKm(origin, destination);
    const durationMinutes = Math.round((km / 820) * 12 + 7) * 5; // cruise at 820 km/h plus 35 min
    const localDeparture = start + prng.int(0, days - 1) * DAY_MS + prng.int(60, 280) * 5 * 60_000;
    const departureUtcMs = localToUtc(origin.timeZone, localDeparture);
    const [cabinName, factor] = cabin(prng);
    const rate = EUR_RATE[origin.currency] ?? 1;
    const fareEur = (39 + km * 0.075) * factor * (0.75 + prng.next() * 0.6);
    const carrier = prng.pick(CARRIERS);
    const id = `F${String(i + 1).padStart(7, '0')}`;
    flights.push({
      id,
      carrier,
      flightNumber: `${carrier}${prng.int(1, 9999)}`,
      origin: origin.iata,
      destination: destination.iata,
      departureUtcMs,
      departureTz: origin.timeZone,
      arrivalUtcMs: departureUtcMs + durationMinutes * 60_000,
      arrivalTz: destination.timeZone,
      durationMinutes,
      cabin: cabinName,
      fareMinor: Math.round(fareEur * rate) * (rate >= 100 ? 1 : 100),
      currency: origin.currency,
      seatsLeft: cabinName === 'economy' ? prng.int(0, 180) : prng.int(0, 24),
      cancellation: cancellationPolicyFor(id),
    });
  }
  return flights;
}
