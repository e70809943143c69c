import { chainHash } from './chain-hash';
import { auditIndexColumns, type AuditIndexColumns } from './index-columns';
import { parseAuditRecord } from './record';
import type { AuditEvent } from './event';

export interface StoredAuditRow extends Omit<AuditIndexColumns, 'occurred_at'> {
  sequence: string;
  occurred_at: Date;
  canonical: string;
  prev_hash: Buffer;
  hash: Buffer;
}

export type RowCheck = { ok: true; event: AuditEvent } | { ok: false; reason: string };

/** Checks one row against the hash of the row before it: link, hash, record, index columns. */
export function checkAuditRow(row: StoredAuditRow, expectedPrevHash: Buffer, previous: string): RowCheck {
  if (!row.prev_hash.equals(expectedPrevHash))
    return { ok: false, reason: `prev_hash does not match the hash of ${previous}` };
  if (!chainHash(row.prev_hash, row.canonical).equals(row.hash)) {
    return { ok: false, reason: 'hash does not match the row (record or prev_hash altered)' };
  }
  let event: AuditEvent;
  try {
    event = parseAuditRecord(row.canonical);
  } catch (err) {
    return { ok: false, reason: `record is not a valid audit event: ${(err as Error).message}` };
  }
  const expected = auditIndexColumns(event);
  const stored: AuditIndexColumns = { ...row, occurred_at: row.occurred_at.toISOString() };
  for (const column of Object.keys(expected) as (keyof AuditIndexColumns)[]) {
    if (stored[column] !== expected[column])
      return { ok: false, reason: `column ${column} does not match the record` };
  }
  return { ok: true, event };
}
