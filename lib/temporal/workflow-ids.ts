/**
 * Workflow ids are built from business keys, never random: together with `businessKeyStart`
 * (start-options.ts) Temporal itself refuses a second workflow for the same key.
 */
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function key(value: string, what: string): string {
  if (!KEY_PATTERN.test(value)) throw new Error(`${what} must be 1-64 characters of A-Z, a-z, 0-9, _ and -`);
  return value;
}

/** One platform check per check id (for example a date or a deployment id). */
export function platformCheckWorkflowId(checkId: string): string {
  return `platform-check-${key(checkId, 'checkId')}`;
}
