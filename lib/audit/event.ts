import type { AuditEventType, AuditOutcome } from './catalogue';
import type { DetailValue } from './detail-fields';

export type AuditActorType = 'user' | 'admin' | 'system' | 'anonymous';
export const AUDIT_ACTOR_TYPES: readonly AuditActorType[] = ['user', 'admin', 'system', 'anonymous'];

/**
 * One audit record with the fields PCI DSS 10.2.2 asks for. Actor ids are ids or pseudonymous ids,
 * never names or emails: audit rows outlive a user's erasure (SEC-PRIV-02).
 */
export interface AuditEvent {
  /** UUID; a retried write with the same id never writes twice. */
  eventId: string;
  type: AuditEventType;
  /** When it happened: ISO 8601 UTC with milliseconds, as Date#toISOString writes it. */
  occurredAt: string;
  actor: { type: AuditActorType; id: string };
  outcome: AuditOutcome;
  /** Client IP (SEC-VAL-09); null only for system actors, which have no origin address. */
  originIp: string | null;
  resource: { type: string; id: string };
  details: Record<string, DetailValue>;
}

/** What callers hand to the writer: `details` may be left out, `occurredAt` may be a Date. */
export type AuditEventInput = Omit<AuditEvent, 'details' | 'occurredAt'> & {
  occurredAt: string | Date;
  details?: Record<string, DetailValue>;
};

/** The schema version written into every canonical record. */
export const AUDIT_RECORD_VERSION = 1;
