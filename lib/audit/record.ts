import { canonicalJson } from './canonical-json';
import { AuditEventInvalidError } from './errors';
import { AUDIT_RECORD_VERSION, type AuditEvent } from './event';
import { validateAuditEvent } from './validate-event';

/** Bound on one stored record, so a single event cannot bloat the log. */
export const MAX_RECORD_BYTES = 8192;

/** The canonical text of a validated event: what is stored and hashed. */
export function canonicalAuditRecord(event: AuditEvent): string {
  const text = canonicalJson({ v: AUDIT_RECORD_VERSION, ...event });
  if (text.length > MAX_RECORD_BYTES) {
    throw new AuditEventInvalidError([`record is ${text.length} bytes, over ${MAX_RECORD_BYTES}`]);
  }
  return text;
}

/**
 * Reads a stored record back. Throws unless it is a valid event of a known version written in
 * exactly its canonical form, so a record edited to mean something else, even with the same
 * JSON value, is noticed.
 */
export function parseAuditRecord(text: string): AuditEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AuditEventInvalidError(['record is not JSON']);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AuditEventInvalidError(['record is not an object']);
  }
  const { v, ...rest } = parsed as Record<string, unknown>;
  if (v !== AUDIT_RECORD_VERSION)
    throw new AuditEventInvalidError([`record version ${String(v)} is unknown`]);
  const event = validateAuditEvent(rest);
  if (canonicalAuditRecord(event) !== text)
    throw new AuditEventInvalidError(['record is not in canonical form']);
  return event;
}
