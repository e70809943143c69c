/**
 * Local wall-clock times in a city's time zone, with the offset that applies on that day
 * (daylight saving included), from Node's ICU data. Offsets are cached per zone and hour.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Minutes east of UTC in `timeZone` at the instant `utcMs`. */
export function offsetMinutes(timeZone: string, utcMs: number): number {
  const key = `${timeZone}|${Math.floor(utcMs / 3_600_000)}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const name = formatter(timeZone)
    .formatToParts(new Date(utcMs))
    .find((p) => p.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const value = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  offsets.set(key, value);
  return value;
}

/** The UTC instant of a local wall-clock time (`localMs` read as if it were UTC). */
export function localToUtc(timeZone: string, localMs: number): number {
  const guess = localMs - offsetMinutes(timeZone, localMs) * 60_000;
  return localMs - offsetMinutes(timeZone, guess) * 60_000;
}

/** `2026-12-03T08:15:00+01:00`: the local time in `timeZone` with its offset. */
export function isoWithOffset(timeZone: string, utcMs: number): string {
  const minutes = offsetMinutes(timeZone, utcMs);
  const local = new Date(utcMs + minutes * 60_000).toISOString().slice(0, 19);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}
