import rows from './cities.json';

/** A real city with its main airport: the places the seeded inventory is spread over. */
export interface City {
  name: string;
  country: string;
  lat: number;
  lon: number;
  iata: string;
  timeZone: string;
  currency: string;
}

export const CITIES: readonly City[] = (
  rows as [string, string, number, number, string, string, string][]
).map(([name, country, lat, lon, iata, timeZone, currency]) => ({
  name,
  country,
  lat,
  lon,
  iata,
  timeZone,
  currency,
}));

/** Great-circle distance in kilometres. */
export function distanceKm(a: City, b: City): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** Rough price level per country relative to the euro area, so prices look plausible. */
export const EUR_RATE: Record<string, number> = {
  EUR: 1,
  GBP: 0.86,
  CHF: 0.95,
  USD: 1.08,
  CAD: 1.47,
  AUD: 1.65,
  NZD: 1.8,
  JPY: 160,
  CNY: 7.8,
  HKD: 8.4,
  SGD: 1.45,
  KRW: 1450,
  TWD: 35,
  THB: 38,
  MYR: 5,
  IDR: 17000,
  VND: 27000,
  PHP: 61,
  INR: 90,
  LKR: 330,
  NPR: 145,
  AED: 4,
  QAR: 3.9,
  SAR: 4,
  OMR: 0.42,
  ILS: 4,
  JOD: 0.77,
  EGP: 52,
  MAD: 10.8,
  TND: 3.4,
  NGN: 1700,
  GHS: 16,
  KES: 140,
  ETB: 130,
  ZAR: 20,
  TZS: 2800,
  MUR: 50,
  MXN: 19,
  COP: 4300,
  PEN: 4,
  CLP: 1000,
  ARS: 1000,
  BRL: 6,
  UYU: 43,
  CZK: 25,
  HUF: 395,
  PLN: 4.3,
  DKK: 7.46,
  SEK: 11.3,
  NOK: 11.5,
  ISK: 150,
  TRY: 36,
  RON: 5,
  BGN: 1.96,
  RSD: 117,
  FJD: 2.45,
};
