/**
 * Calendar days as the platform reads them: ISO 8601 `YYYY-MM-DD` strings without a time or a
 * zone (a stay's nights, a flight's local departure day), counted with UTC arithmetic so a day is
 * always 24 hours long.
 */
export const DAY_MS = 86_400_000;

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Milliseconds since the epoch of `date`'s UTC midnight (NaN when it does not parse). */
const utcMidnight = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Days since the epoch of an ISO 8601 calendar date, or NaN when it is not a real date. */
export function dayNumber(value: unknown): number {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return NaN;
  const ms = utcMidnight(value);
  // 2027-02-30 parses to March: a real date reads back as itself.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return NaN;
  return ms / DAY_MS;
}

/** A real calendar date written `YYYY-MM-DD` (2027-02-30 is not one). */
export const isIsoDate = (value: unknown): boolean => !Number.isNaN(dayNumber(value));

/** The day number (`dayNumber`) of `now`'s UTC calendar day. */
export function today(now: Date): number {
  return Math.floor(now.getTime() / DAY_MS);
}

/** `now`'s UTC calendar day as `YYYY-MM-DD`. */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** `start` plus `offset` days, as `YYYY-MM-DD`. */
export function addDays(start: string, offset: number): string {
  return isoDay(new Date(utcMidnight(start) + offset * DAY_MS));
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}
