import { randomUUID } from 'node:crypto';
import {
  AUDIT_CATALOGUE,
  COMMON_DETAILS,
  type AuditEvent,
  type AuditEventType,
  type DetailField,
  type DetailValue,
} from '../../../lib/audit';

function sampleValue(field: DetailField): DetailValue {
  switch (field.kind) {
    case 'text':
      return 'plain "text" with\nnew line';
    case 'code':
      return 'sample_code';
    case 'integer':
      return Math.max(field.min, Math.min(field.max, 42));
    case 'boolean':
      return true;
  }
}

/** Every allowlisted detail of `type` (and the common ones) with a valid value. */
export function fullDetails(type: AuditEventType): Record<string, DetailValue> {
  const fields: Record<string, DetailField> = { ...COMMON_DETAILS, ...AUDIT_CATALOGUE[type].details };
  return Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, sampleValue(f)]));
}

/** A valid event of `type` with only its required details, a fresh id and the current time. */
export function sampleEvent(
  type: AuditEventType = 'auth.login.succeeded',
  overrides: Partial<AuditEvent> = {},
): AuditEvent {
  const spec = AUDIT_CATALOGUE[type];
  const all = fullDetails(type);
  const required: readonly string[] = 'required' in spec ? spec.required : [];
  return {
    eventId: randomUUID(),
    type,
    occurredAt: new Date().toISOString(),
    actor: { type: 'user', id: 'usr_0001' },
    outcome: spec.outcomes[0]!,
    originIp: '198.51.100.7',
    resource: { type: 'user', id: 'usr_0001' },
    details: Object.fromEntries(required.map((k) => [k, all[k]!])),
    ...overrides,
  };
}
