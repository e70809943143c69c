import { isIP } from 'node:net';
import { AUDIT_CATALOGUE, COMMON_DETAILS, isAuditEventType, type AuditEventSpec } from './catalogue';
import { CODE_PATTERN, detailProblem, type DetailValue } from './detail-fields';
import { AuditEventInvalidError } from './errors';
import { AUDIT_ACTOR_TYPES, type AuditActorType, type AuditEvent } from './event';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const RESOURCE_TYPE = /^[a-z][a-z0-9_]{0,39}$/;
const EVENT_KEYS = ['eventId', 'type', 'occurredAt', 'actor', 'outcome', 'originIp', 'resource', 'details'];
const OPTIONAL_KEYS = new Set(['details']);

type Problems = string[];

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Refuses missing keys (undefined counts as missing) and keys not in `allowed`. */
function checkKeys(
  problems: Problems,
  where: string,
  value: Record<string, unknown>,
  allowed: string[],
  optional = new Set<string>(),
) {
  for (const key of allowed) {
    if (value[key] === undefined && !optional.has(key)) problems.push(`${where}${key} is missing`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push(`${where}${key} is not an allowed field`);
  }
}

function occurredAt(problems: Problems, value: unknown): string {
  const iso = value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : value;
  if (typeof iso !== 'string' || !ISO_UTC_MS.test(iso) || new Date(iso).toISOString() !== iso) {
    problems.push('occurredAt must be an ISO 8601 UTC time with milliseconds');
  }
  return String(iso);
}

function actor(problems: Problems, value: unknown): AuditEvent['actor'] {
  if (!isRecord(value)) {
    problems.push('actor must be an object');
    return { type: 'anonymous', id: '' };
  }
  checkKeys(problems, 'actor.', value, ['type', 'id']);
  if (value.type !== undefined && !AUDIT_ACTOR_TYPES.includes(value.type as AuditActorType)) {
    problems.push(`actor.type must be one of ${AUDIT_ACTOR_TYPES.join(', ')}`);
  }
  if (value.id !== undefined && (typeof value.id !== 'string' || !CODE_PATTERN.test(value.id))) {
    problems.push('actor.id must be an id or pseudonymous id');
  }
  return { type: value.type as AuditActorType, id: value.id as string };
}

function resource(problems: Problems, value: unknown): AuditEvent['resource'] {
  if (!isRecord(value)) {
    problems.push('resource must be an object');
    return { type: '', id: '' };
  }
  checkKeys(problems, 'resource.', value, ['type', 'id']);
  if (value.type !== undefined && (typeof value.type !== 'string' || !RESOURCE_TYPE.test(value.type))) {
    problems.push('resource.type must be a lower-case name');
  }
  if (value.id !== undefined && (typeof value.id !== 'string' || !CODE_PATTERN.test(value.id))) {
    problems.push('resource.id must be an id');
  }
  return { type: value.type as string, id: value.id as string };
}

function details(
  problems: Problems,
  spec: AuditEventSpec | undefined,
  value: unknown,
): Record<string, DetailValue> {
  const given = value === undefined ? {} : value;
  if (!isRecord(given)) {
    problems.push('details must be a plain object');
    return {};
  }
  if (!spec) return {};
  const out: Record<string, DetailValue> = {};
  for (const [key, detail] of Object.entries(given)) {
    const field = Object.hasOwn(spec.details, key)
      ? spec.details[key]
      : Object.hasOwn(COMMON_DETAILS, key)
        ? COMMON_DETAILS[key]
        : undefined;
    if (!field) {
      problems.push(`details.${key} is not allowed for this event type`);
      continue;
    }
    const problem = detailProblem(field, detail);
    if (problem) problems.push(`details.${key} ${problem}`);
    else out[key] = detail as DetailValue;
  }
  for (const key of spec.required ?? []) {
    if (given[key] === undefined) problems.push(`details.${key} is missing`);
  }
  return out;
}

/**
 * Checks an event against the catalogue and returns it normalized (details always present, time
 * as an ISO string, lower-case UUID). Refuses, listing every problem, an event that misses a
 * field, has an unknown field, or an outcome or detail its type does not allow.
 */
export function validateAuditEvent(input: unknown): AuditEvent {
  const problems: Problems = [];
  if (!isRecord(input)) throw new AuditEventInvalidError(['event must be an object']);
  checkKeys(problems, '', input, EVENT_KEYS, OPTIONAL_KEYS);

  const eventId = typeof input.eventId === 'string' ? input.eventId.toLowerCase() : '';
  if (input.eventId !== undefined && !UUID.test(eventId)) problems.push('eventId must be a UUID');

  const type = input.type;
  const spec = isAuditEventType(type) ? AUDIT_CATALOGUE[type] : undefined;
  if (type !== undefined && !spec) problems.push('type is not in the audit catalogue');

  const when = input.occurredAt === undefined ? '' : occurredAt(problems, input.occurredAt);
  const who = input.actor === undefined ? undefined : actor(problems, input.actor);

  const outcome = input.outcome;
  if (outcome !== undefined && spec && !(spec.outcomes as readonly unknown[]).includes(outcome)) {
    problems.push(`outcome must be one of ${spec.outcomes.join(', ')} for ${String(type)}`);
  }

  const ip = input.originIp;
  if (ip === null) {
    if (who && who.type !== 'system') problems.push('originIp may be null only for system actors');
  } else if (ip !== undefined && (typeof ip !== 'string' || isIP(ip) === 0)) {
    problems.push('originIp must be an IP address');
  }

  const what = input.resource === undefined ? undefined : resource(problems, input.resource);
  const extra = details(problems, spec, input.details);

  if (problems.length > 0) throw new AuditEventInvalidError(problems);
  return {
    eventId,
    type: type as AuditEvent['type'],
    occurredAt: when,
    actor: who!,
    outcome: outcome as AuditEvent['outcome'],
    originIp: ip as string | null,
    resource: what!,
    details: extra,
  };
}
