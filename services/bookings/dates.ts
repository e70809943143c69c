const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_MS = 86_400_000;

/** Days since the epoch of an ISO 8601 calendar date, or NaN when it is not a real date. */
export function dayNumber(value: unknown): number {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return NaN;
  const ms = Date.parse(`${value}T00:00:00Z`);
  // 2027-02-30 parses to March: a real date reads back as itself.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return NaN;
  return ms / DAY_MS;
}

export function today(now: Date): number {
  return Math.floor(now.getTime() / DAY_MS);
}

export const isIsoDate = (value: unknown) => !Number.isNaN(dayNumber(value));
export const MAX_NIGHTS = 30;
