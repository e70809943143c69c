import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { toSequence, type ChainLink } from './chain-head';
import { chainHash, GENESIS_HASH } from './chain-hash';
import { lockAuditChain } from './chain-lock';
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

interface Stored {
  sequence: number;
  hash: string;
  canonical: string;
}

// The events already stored under these ids, then the link a new row must extend: the newest row,
// else (everything expired) the newest checkpoint, else genesis, as readChainHead (chain-head.ts)
// and audit_events_extend_chain() in migration 0200. One round trip, after the chain lock.
const KNOWN_AND_HEAD = `
  SELECT 'known' AS kind, event_id, sequence, hash, canonical FROM audit_events WHERE event_id = ANY($1::uuid[])
  UNION ALL
  (SELECT 'row', NULL, sequence, hash, NULL FROM audit_events ORDER BY sequence DESC LIMIT 1)
  UNION ALL
  (SELECT 'checkpoint', NULL, sequence, hash, NULL FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1)`;

interface KnownOrHeadRow {
  kind: 'known' | 'row' | 'checkpoint';
  event_id: string | null;
  sequence: string;
  hash: Buffer;
  canonical: string | null;
}

async function knownAndHead(
  sequelize: Sequelize,
  transaction: Transaction,
  ids: string[],
): Promise<{ known: Map<string, Stored>; head: ChainLink }> {
  const rows = await sequelize.query<KnownOrHeadRow>(KNOWN_AND_HEAD, {
    bind: [ids],
    transaction,
    type: QueryTypes.SELECT,
  });
  const known = new Map<string, Stored>();
  for (const r of rows) {
    if (r.kind !== 'known') continue;
    known.set(r.event_id!, {
      sequence: toSequence(r.sequence),
      hash: r.hash.toString('hex'),
      canonical: r.canonical!,
    });
  }
  const link = rows.find((r) => r.kind === 'row') ?? rows.find((r) => r.kind === 'checkpoint');
  const head = link
    ? { sequence: toSequence(link.sequence), hash: link.hash }
    : { sequence: 0, hash: GENESIS_HASH };
  return { known, head };
}

const INSERT_ROWS = `
  INSERT INTO audit_events (sequence, event_id, event_type, occurred_at, actor_type, actor_id, outcome,
                            resource_type, resource_id, canonical, prev_hash, hash)
  SELECT sequence, event_id, event_type, occurred_at, actor_type, actor_id, outcome,
         resource_type, resource_id, canonical, decode(prev_hash, 'hex'), decode(hash, 'hex')
    FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
      AS r(sequence, event_id, event_type, occurred_at, actor_type, actor_id, outcome,
           resource_type, resource_id, canonical, prev_hash, hash)
   ORDER BY sequence`;

/**
 * Appends validated events, in order, inside `transaction` (READ COMMITTED): takes the chain
 * lock (unless the caller began the transaction with beginChainTransaction), answers events whose id is already stored (same content: the stored row, flagged
 * duplicate; other content: a conflict), and links the rest to the head in one insert.
 */
export async function appendBatchInTransaction(
  sequelize: Sequelize,
  transaction: Transaction,
  events: readonly AuditEvent[],
  options: { chainLocked?: boolean } = {},
): Promise<BatchOutcome[]> {
  const canonicals = events.map(canonicalAuditRecord);
  if (!options.chainLocked) await lockAuditChain(sequelize, transaction);
  const found = await knownAndHead(sequelize, transaction, [...new Set(events.map((e) => e.eventId))]);
  const known = found.known;
  let head = found.head;

  const columns: string[][] = Array.from({ length: 12 }, () => []);
  const outcomes = events.map((event, i): BatchOutcome => {
    const canonical = canonicals[i]!;
    const stored = known.get(event.eventId);
    if (stored) {
      if (stored.canonical !== canonical)
        return { ok: false, error: new AuditEventConflictError(event.eventId) };
      return {
        ok: true,
        value: { sequence: stored.sequence, hash: stored.hash, eventId: event.eventId, duplicate: true },
      };
    }
    const sequence = head.sequence + 1;
    const hash = chainHash(head.hash, canonical);
    const c = auditIndexColumns(event);
    const row = [
      String(sequence),
      c.event_id,
      c.event_type,
      c.occurred_at,
      c.actor_type,
      c.actor_id,
      c.outcome,
      c.resource_type,
      c.resource_id,
      canonical,
      head.hash.toString('hex'),
      hash.toString('hex'),
    ];
    row.forEach((value, column) => columns[column]!.push(value));
    known.set(event.eventId, { sequence, hash: hash.toString('hex'), canonical });
    head = { sequence, hash };
    return {
      ok: true,
      value: { sequence, hash: hash.toString('hex'), eventId: event.eventId, duplicate: false },
    };
  });

  if (columns[0]!.length > 0) {
    await sequelize.query(INSERT_ROWS, { bind: columns, transaction, type: QueryTypes.INSERT });
  }
  return outcomes;
}
