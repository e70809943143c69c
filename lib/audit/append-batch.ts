import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { toSequence } from './chain-head';
import { AuditEventConflictError } from './errors';
import type { AuditEvent } from './event';
import { auditIndexColumns } from './index-columns';
import { canonicalAuditRecord } from './record';

export interface AppendedAuditEvent {
  sequence: number;
  /** Hex SHA-256 of the row. */
  hash: string;
  eventId: string;
  /** True when the event was already stored (a retry) and nothing was written. */
  duplicate: boolean;
}

/** Per event: what was stored, or the conflict that refused it. One refusal never fails the others. */
export type BatchOutcome =
  { ok: true; value: AppendedAuditEvent } | { ok: false; error: AuditEventConflictError };

// The chain lock, the head, the duplicates and the insert, in one statement (migration 0201).
const APPEND = `
  SELECT o_event_id, o_sequence, o_hash, o_duplicate, o_conflict
    FROM audit_append($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                      $7::text[], $8::text[], $9::text[])`;

interface AppendRow {
  o_event_id: string;
  o_sequence: string;
  o_hash: Buffer;
  o_duplicate: boolean;
  o_conflict: boolean;
}

/**
 * Appends validated events, in order, in one round trip: inside `transaction` when given (the
 * chain lock is then held until it ends), else as a statement of its own that commits at once.
 * Events whose id is already stored answer the stored row, flagged duplicate (same content), or a
 * conflict (other content); the rest extend the chain.
 */
export async function appendBatchInTransaction(
  sequelize: Sequelize,
  transaction: Transaction | undefined,
  events: readonly AuditEvent[],
): Promise<BatchOutcome[]> {
  if (events.length === 0) return [];
  const columns: string[][] = Array.from({ length: 9 }, () => []);
  for (const event of events) {
    const c = auditIndexColumns(event);
    const row = [
      c.event_id,
      c.event_type,
      c.occurred_at,
      c.actor_type,
      c.actor_id,
      c.outcome,
      c.resource_type,
      c.resource_id,
      canonicalAuditRecord(event),
    ];
    row.forEach((value, column) => columns[column]!.push(value));
  }
  const rows = await sequelize.query<AppendRow>(APPEND, {
    bind: columns,
    ...(transaction && { transaction }),
    type: QueryTypes.SELECT,
  });
  if (rows.length !== events.length) throw new Error('audit_append answered another number of rows');
  return rows.map((r, i): BatchOutcome => {
    const eventId = events[i]!.eventId;
    if (r.o_event_id !== eventId) throw new Error('audit_append answered out of order');
    if (r.o_conflict) return { ok: false, error: new AuditEventConflictError(eventId) };
    return {
      ok: true,
      value: {
        sequence: toSequence(r.o_sequence),
        hash: r.o_hash.toString('hex'),
        eventId,
        duplicate: r.o_duplicate,
      },
    };
  });
}
