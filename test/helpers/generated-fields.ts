import { hostname } from 'node:os';

/**
 * Fields that the code makes up itself (random ids, clocks, the process), each with the exact
 * shape it has. A substring search over text holding them can match by chance (a UUID holds
 * "4242", a millisecond count holds "737"), so leak checks look at everything else instead.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isUuid = (v: unknown) => typeof v === 'string' && UUID.test(v);
const isIsoTime = (v: unknown) => typeof v === 'string' && ISO_TIME.test(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

// A Map, not an object literal: a key such as `__proto__`, `constructor` or `toString` (a JSON
// body can carry any) must not find Object.prototype's members and be dropped or throw.
const GENERATED: ReadonlyMap<string, (value: unknown) => boolean> = new Map([
  ['error_id', isUuid],
  ['request_id', isUuid],
  ['timestamp', isIsoTime],
  ['time', isIsoTime],
  ['pid', (v: unknown) => v === process.pid],
  ['hostname', (v: unknown) => v === hostname()],
  ['duration_ms', isCount],
]);

/**
 * A copy without the generated fields, at any depth. A field is dropped only when its value has
 * exactly the generated shape, so input that leaked into such a field is still seen.
 */
export function withoutGeneratedFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutGeneratedFields);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, field]) => !GENERATED.get(key)?.(field))
      .map(([key, field]) => [key, withoutGeneratedFields(field)]),
  );
}

/** JSON text of the values without their generated fields: safe to search for a leaked value. */
export function stableText(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(withoutGeneratedFields(value))).join('\n');
}

/** The text of an answer body without its generated fields (a non-JSON body stays as it is). */
export function stableAnswerText(text: string): string {
  try {
    return stableText([JSON.parse(text)]);
  } catch {
    return text;
  }
}
