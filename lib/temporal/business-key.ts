/**
 * Workflow ids are built from business keys, never random: together with `businessKeyStart`
 * (start-options.ts) Temporal itself refuses a second workflow for the same key. Each starter
 * builds its id as `<kind>-<businessKey(...)>`.
 */
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function businessKey(value: string, what: string): string {
  if (!KEY_PATTERN.test(value)) throw new Error(`${what} must be 1-64 characters of A-Z, a-z, 0-9, _ and -`);
  return value;
}
