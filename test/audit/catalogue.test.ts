import test from 'ava';
import {
  AUDIT_CATALOGUE,
  AUDIT_EVENT_TYPES,
  AuditEventInvalidError,
  parseAuditRecord,
  validateAuditEvent,
  type AuditEvent,
  type AuditEventType,
} from '../../lib/audit';
import { auditTestDb, rawQuery } from './helpers/audit-db';
import { fullDetails, sampleEvent } from './helpers/sample-events';

/** SEC-LOG-03's list, item by item, and the catalogue entries that record it. */
const REQUIRED_BY_SEC_LOG_03: Record<string, AuditEventType[]> = {
  'login success': ['auth.login.succeeded'],
  'login failure': ['auth.login.failed'],
  logout: ['auth.logout'],
  MFA: ['auth.mfa.enrolled', 'auth.mfa.disabled', 'auth.mfa.challenged'],
  'password reset': ['auth.password_reset.requested', 'auth.password_reset.completed'],
  'password change': ['auth.password.changed'],
  'access denied': ['authz.access_denied'],
  'role changes': ['authz.role_changed'],
  'admin actions': ['admin.action'],
  'PII reveal': ['pii.revealed'],
  'PII export': ['pii.exported'],
  'booking create': ['booking.created'],
  'booking modify': ['booking.modified'],
  'booking cancel': ['booking.cancelled'],
  'payment start': ['payment.started'],
  'payment success': ['payment.succeeded'],
  'payment failure': ['payment.failed'],
  'refund request': ['refund.requested'],
  'refund approve': ['refund.approved'],
  'refund deny': ['refund.denied'],
  'rate-limit hits': ['rate_limit.hit'],
  'key rotation': ['key.rotated'],
  'audit log reads': ['audit.read'],
  'session revoked': ['session.revoked'],
  'token reuse detected': ['session.token_reuse_detected'],
};

const REQUIRED_FIELDS = [
  'eventId',
  'type',
  'occurredAt',
  'actor',
  'actor.type',
  'actor.id',
  'outcome',
  'originIp',
  'resource',
  'resource.type',
  'resource.id',
];

function without(event: AuditEvent, path: string): Record<string, unknown> {
  const copy = structuredClone(event) as unknown as Record<string, Record<string, unknown>>;
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail === undefined) delete copy[head];
  else delete copy[head]![tail];
  return copy;
}

function refusal(t: import('ava').ExecutionContext, input: unknown): string {
  const err = t.throws(() => validateAuditEvent(input), { instanceOf: AuditEventInvalidError });
  return err?.message ?? '';
}

test('SEC-LOG-03 the catalogue covers every event type SEC-LOG-03 lists, plus session revocation and token reuse', (t) => {
  for (const [item, types] of Object.entries(REQUIRED_BY_SEC_LOG_03)) {
    for (const type of types) t.true(AUDIT_EVENT_TYPES.includes(type), `${item} → ${type} is catalogued`);
  }
  t.is(Object.keys(REQUIRED_BY_SEC_LOG_03).length, 25);
});

test('SEC-LOG-03 every catalogued event validates with its required details, with every detail, and under every outcome it allows', (t) => {
  for (const type of AUDIT_EVENT_TYPES) {
    const spec = AUDIT_CATALOGUE[type];
    t.notThrows(() => validateAuditEvent(sampleEvent(type)), type);
    t.notThrows(
      () => validateAuditEvent(sampleEvent(type, { details: fullDetails(type) })),
      `${type} with all details`,
    );
    for (const outcome of ['success', 'failure', 'denied'] as const) {
      const event = sampleEvent(type, { outcome });
      if ((spec.outcomes as readonly string[]).includes(outcome))
        t.notThrows(() => validateAuditEvent(event));
      else t.regex(refusal(t, event), /outcome must be one of/, `${type} refuses ${outcome}`);
    }
  }
});

test('SEC-LOG-03 an event missing any PCI DSS 10.2.2 field is refused, naming the field', (t) => {
  const event = sampleEvent('booking.created');
  for (const path of REQUIRED_FIELDS) {
    t.regex(refusal(t, without(event, path)), new RegExp(`${path.replace('.', '\\.')} is missing`), path);
    const blanked = structuredClone(event) as unknown as Record<string, unknown>;
    if (!path.includes('.')) {
      blanked[path] = undefined;
      t.regex(refusal(t, blanked), /is missing/, `${path}: undefined counts as missing`);
    }
  }
  t.regex(refusal(t, { ...event, actor: { type: 'user', id: '' } }), /actor\.id/);
  t.regex(refusal(t, { ...event, resource: { type: 'booking', id: ' ' } }), /resource\.id/);
  t.regex(refusal(t, null), /must be an object/);
});

test('SEC-LOG-03 details an event type requires are refused when missing', (t) => {
  let checked = 0;
  for (const type of AUDIT_EVENT_TYPES) {
    const spec = AUDIT_CATALOGUE[type];
    for (const key of 'required' in spec ? spec.required : []) {
      const event = sampleEvent(type);
      delete event.details[key];
      t.regex(refusal(t, event), new RegExp(`details\\.${key} is missing`), `${type} ${key}`);
      checked += 1;
    }
  }
  t.true(checked >= 10);
});

test('SEC-LOG-03 details are allowlisted per event type, scalar and bounded', (t) => {
  const base = sampleEvent('admin.action');
  const withDetails = (details: unknown) => ({
    ...base,
    details: { action: 'ban_user', ...(details as object) },
  });
  t.regex(refusal(t, withDetails({ password: 'hunter2' })), /details\.password is not allowed/);
  t.regex(refusal(t, withDetails({ note: { nested: true } })), /details\.note must be a string/);
  t.regex(refusal(t, withDetails({ note: 'x'.repeat(501) })), /at most 500/);
  t.regex(refusal(t, withDetails({ note: 'lone \ud800 surrogate' })), /well-formed/);
  t.regex(refusal(t, withDetails({ action: 'drop table; --' })), /details\.action must be a code/);
  t.regex(
    refusal(t, withDetails(JSON.parse('{"__proto__": {"polluted": true}}'))),
    /__proto__ is not allowed/,
  );
  t.regex(
    refusal(t, {
      ...sampleEvent('refund.requested'),
      details: { amountMinor: 1.5, currency: 'EUR', reason: 'x' },
    }),
    /amountMinor must be an integer/,
  );
  t.regex(refusal(t, { ...base, details: [] }), /details must be a plain object/);
  t.regex(refusal(t, { ...base, extra: 1 }), /extra is not an allowed field/);
  t.regex(
    refusal(t, { ...base, actor: { type: 'user', id: 'u1', email: 'a@b.c' } }),
    /actor\.email is not an allowed field/,
  );
  t.regex(refusal(t, { ...base, type: 'made.up' }), /not in the audit catalogue/);
  t.regex(refusal(t, { ...base, actor: { type: 'root', id: 'u1' } }), /actor\.type must be one of/);
  t.regex(refusal(t, { ...base, occurredAt: '2025-01-01 10:00' }), /occurredAt/);
  t.regex(refusal(t, { ...base, eventId: 'not-a-uuid' }), /eventId must be a UUID/);
});

test('SEC-LOG-03 the origin IP is a real address, and may be null only for system actors', (t) => {
  const event = sampleEvent('key.rotated', { details: { keyClass: 'pii' } });
  t.regex(refusal(t, { ...event, originIp: 'localhost' }), /originIp must be an IP address/);
  t.regex(refusal(t, { ...event, originIp: null }), /only for system actors/);
  t.notThrows(() =>
    validateAuditEvent({ ...event, originIp: null, actor: { type: 'system', id: 'key-rotation' } }),
  );
  t.notThrows(() => validateAuditEvent({ ...event, originIp: '2001:db8::1' }));
});

test('SEC-LOG-03 every field of every catalogued event is stored and reads back identical', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  const written = new Map<string, AuditEvent>();
  for (const type of AUDIT_EVENT_TYPES) {
    const event = validateAuditEvent(
      sampleEvent(type, { details: fullDetails(type), actor: { type: 'admin', id: `adm_${type}` } }),
    );
    await h.writer.append(event);
    written.set(event.eventId, event);
  }
  const rows = await rawQuery<
    Record<string, unknown> & { canonical: string; event_id: string; occurred_at: Date }
  >(h.db, 'SELECT * FROM audit_events ORDER BY sequence');
  t.is(rows.length, AUDIT_EVENT_TYPES.length);
  for (const row of rows) {
    const expected = written.get(row.event_id)!;
    t.deepEqual(parseAuditRecord(row.canonical), expected);
    t.like(row, {
      event_type: expected.type,
      actor_type: 'admin',
      actor_id: expected.actor.id,
      outcome: expected.outcome,
      resource_type: expected.resource.type,
      resource_id: expected.resource.id,
    });
    t.is(row.occurred_at.toISOString(), expected.occurredAt);
  }
});
