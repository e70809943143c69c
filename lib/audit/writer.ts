import type { Sequelize, Transaction } from 'sequelize';
import { appendBatchInTransaction, type AppendedAuditEvent } from './append-batch';
import type { AuditEvent, AuditEventInput } from './event';
import { validateAuditEvent } from './validate-event';

export type { AppendedAuditEvent } from './append-batch';

export interface AuditWriter {
  /**
   * Validates (refusing an invalid event before any write), then appends; resolves once the row
   * is committed. A retry with the same event id returns the stored row.
   */
  append(event: AuditEventInput | AuditEvent): Promise<AppendedAuditEvent>;
}

/** Most events one transaction carries. */
export const MAX_AUDIT_BATCH = 200;

interface Pending {
  event: AuditEvent;
  resolve(value: AppendedAuditEvent): void;
  reject(error: unknown): void;
}

/** Appends one validated event inside the caller's transaction (the retention path uses it). */
export async function appendInTransaction(
  sequelize: Sequelize,
  transaction: Transaction,
  event: AuditEvent,
): Promise<AppendedAuditEvent> {
  const [outcome] = await appendBatchInTransaction(sequelize, transaction, [event]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.value;
}

/**
 * The audit writer over one Sequelize instance (the app role in the API and workers). Every
 * append is serialized on the chain, and each commit waits for the disk, so appends that arrive
 * while a statement is in flight are committed together in the next one (group commit): one
 * call of audit_append (lock, head, duplicates, insert, commit: one round trip) and one fsync
 * for the whole group.
 */
export function createAuditWriter(sequelize: Sequelize): AuditWriter {
  let queue: Pending[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, MAX_AUDIT_BATCH);
        queue = queue.slice(batch.length);
        try {
          // One statement, its own transaction: lock, head, insert and commit in one round trip.
          const outcomes = await appendBatchInTransaction(
            sequelize,
            undefined,
            batch.map((p) => p.event),
          );
          outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.error)));
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    append(input) {
      let event: AuditEvent;
      try {
        event = validateAuditEvent(input);
      } catch (err) {
        return Promise.reject(err);
      }
      return new Promise<AppendedAuditEvent>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        if (!flushing) void flush();
      });
    },
  };
}
