import type { AuditEvent } from './event';

/** The columns that repeat an event's fields for querying; derived here and nowhere else. */
export interface AuditIndexColumns {
  event_id: string;
  event_type: string;
  occurred_at: string;
  actor_type: string;
  actor_id: string;
  outcome: string;
  resource_type: string;
  resource_id: string;
}

export function auditIndexColumns(event: AuditEvent): AuditIndexColumns {
  return {
    event_id: event.eventId,
    event_type: event.type,
    occurred_at: event.occurredAt,
    actor_type: event.actor.type,
    actor_id: event.actor.id,
    outcome: event.outcome,
    resource_type: event.resource.type,
    resource_id: event.resource.id,
  };
}
