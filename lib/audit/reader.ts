import { QueryTypes, type Sequelize } from 'sequelize';
import { errors } from '../errors';
import { can, type Actor } from '../rbac';
import { toSequence } from './chain-head';
import { canonicalJson } from './canonical-json';
import { CODE_PATTERN } from './detail-fields';
import type { AuditEvent } from './event';
import { newAuditEvent } from './new-event';
import { auditActorOf } from './person-event';
import { parseAuditRecord } from './record';
import type { AuditWriter } from './writer';

/** The permission that reading the audit log needs (SEC-LOG-06, SEC-AUTHZ-01). */
export const VIEW_AUDIT_LOGS = 'view_audit_logs';
export const MAX_AUDIT_PAGE = 500;

/** What the reader reads from and writes its own audit event to. */
export interface AuditLogStore {
  sequelize: Sequelize;
  writer: AuditWriter;
}

export interface AuditLogQuery {
  afterSequence?: number;
  limit?: number;
  actorId?: string;
  resourceType?: string;
  resourceId?: string;
  /** An event type of the catalogue, e.g. `auth.login.failed`. */
  eventType?: string;
  /** occurred_at >= from and < to (ISO 8601). */
  from?: string;
  to?: string;
}

export interface AuditLogEntry extends AuditEvent {
  sequence: number;
}

function checkQuery(q: AuditLogQuery): void {
  const bad = (field: string) => errors.validation(`Invalid audit query: ${field}`, { field });
  if (q.afterSequence !== undefined && (!Number.isSafeInteger(q.afterSequence) || q.afterSequence < 0))
    throw bad('afterSequence');
  if (q.limit !== undefined && (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_AUDIT_PAGE))
    throw bad('limit');
  for (const field of ['from', 'to'] as const) {
    const value = q[field];
    if (value !== undefined && (typeof value !== 'string' || Number.isNaN(Date.parse(value))))
      throw bad(field);
  }
  for (const field of ['actorId', 'resourceType', 'resourceId', 'eventType'] as const) {
    const value = q[field];
    if (value !== undefined && (typeof value !== 'string' || !CODE_PATTERN.test(value))) throw bad(field);
  }
}

function querySummary(q: AuditLogQuery): string {
  const fields = [
    q.afterSequence,
    q.limit,
    q.actorId,
    q.resourceType,
    q.resourceId,
    q.eventType,
    q.from,
    q.to,
  ];
  const keys = ['afterSequence', 'limit', 'actorId', 'resourceType', 'resourceId', 'eventType', 'from', 'to'];
  const given = Object.fromEntries(keys.map((k, i) => [k, fields[i]]).filter(([, v]) => v !== undefined));
  return canonicalJson(given).slice(0, 500);
}

/**
 * Reads a page of the audit log, oldest first, for `actor`, whose role must hold
 * `view_audit_logs` in the RBAC policy (SEC-AUTHZ-02: the service asks the policy itself, whatever
 * route calls it). Every read, allowed or denied, is itself appended to the log (SEC-LOG-06)
 * before anything is returned, so a read that cannot be audited returns nothing.
 */
export async function readAuditLog(
  actor: Actor | null | undefined,
  originIp: string,
  query: AuditLogQuery,
  { sequelize, writer }: AuditLogStore,
): Promise<AuditLogEntry[]> {
  checkQuery(query);
  const audit = (outcome: 'success' | 'denied', rows?: number) =>
    writer.append(
      newAuditEvent({
        type: 'audit.read',
        actor: auditActorOf(actor),
        outcome,
        originIp,
        resource: { type: 'audit_log', id: 'audit_events' },
        details: { query: querySummary(query), ...(rows === undefined ? {} : { rows }) },
      }),
    );
  if (!can(actor, VIEW_AUDIT_LOGS)) {
    await audit('denied');
    throw errors.accessDenied();
  }
  const rows = await sequelize.query<{ sequence: string; canonical: string }>(
    `SELECT sequence, canonical FROM audit_events
      WHERE sequence > $1
        AND ($2::text IS NULL OR actor_id = $2)
        AND ($3::text IS NULL OR resource_type = $3)
        AND ($4::text IS NULL OR resource_id = $4)
        AND ($6::text IS NULL OR event_type = $6)
        AND ($7::timestamptz IS NULL OR occurred_at >= $7)
        AND ($8::timestamptz IS NULL OR occurred_at < $8)
      ORDER BY sequence LIMIT $5`,
    {
      bind: [
        query.afterSequence ?? 0,
        query.actorId ?? null,
        query.resourceType ?? null,
        query.resourceId ?? null,
        query.limit ?? 100,
        query.eventType ?? null,
        // Re-spelled by Date: Postgres refuses some strings JavaScript accepts (Feb 30).
        query.from === undefined ? null : new Date(query.from).toISOString(),
        query.to === undefined ? null : new Date(query.to).toISOString(),
      ],
      type: QueryTypes.SELECT,
    },
  );
  await audit('success', rows.length);
  return rows.map((r) => ({ sequence: toSequence(r.sequence), ...parseAuditRecord(r.canonical) }));
}
