import { randomUUID } from 'node:crypto';
import type { AuditEventInput } from './event';

/**
 * Builds an event for the synchronous API path: a fresh event id and the current time.
 * Workflows must not use this (they pass a deterministic id and time, so retries match).
 */
export function newAuditEvent(
  fields: Omit<AuditEventInput, 'eventId' | 'occurredAt'>,
  now: Date = new Date(),
): AuditEventInput {
  return { ...fields, eventId: randomUUID(), occurredAt: now.toISOString() };
}
