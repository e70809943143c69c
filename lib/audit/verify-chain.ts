import { QueryTypes, Transaction, type Sequelize } from 'sequelize';
import { toSequence } from './chain-head';
import { GENESIS_HASH } from './chain-hash';
import { checkpointSignatureProblem, type AuditCheckpoint } from './checkpoint-signature';
import { listCheckpoints } from './checkpoints';
import type { AuditVerifyKeys } from './signing-keys';
import { checkAuditRow, type StoredAuditRow } from './verify-row';

export interface AuditChainSummary {
  /** Rows checked. */
  events: number;
  /** Checkpoints whose signature and hash were checked. */
  checkpoints: number;
  /** Where verification started: genesis, or the surviving checkpoint after retention. */
  anchor: 'genesis' | number;
  lastSequence: number;
}

export type AuditVerification =
  ({ ok: true } & AuditChainSummary) | ({ ok: false; sequence: number; reason: string } & AuditChainSummary);

const BATCH = 1000;

async function readBatch(sequelize: Sequelize, transaction: Transaction, after: number) {
  return sequelize.query<StoredAuditRow>(
    `SELECT sequence, event_id, event_type, occurred_at, actor_type, actor_id, outcome, resource_type,
            resource_id, canonical, prev_hash, hash
       FROM audit_events WHERE sequence > $1 ORDER BY sequence LIMIT $2`,
    { bind: [after, BATCH], transaction, type: QueryTypes.SELECT },
  );
}

async function firstSequence(sequelize: Sequelize, transaction: Transaction): Promise<number | undefined> {
  const [row] = await sequelize.query<{ first: string | null }>(
    'SELECT min(sequence) AS first FROM audit_events',
    {
      transaction,
      type: QueryTypes.SELECT,
    },
  );
  return row?.first == null ? undefined : toSequence(row.first);
}

/** Whether a surviving `audit.expired` record accounts for cutting the chain through `through`. */
async function expiryRecorded(
  sequelize: Sequelize,
  transaction: Transaction,
  through: number,
): Promise<boolean> {
  const rows = await sequelize.query<{ canonical: string }>(
    `SELECT canonical FROM audit_events WHERE event_type = 'audit.expired' AND sequence > $1`,
    { bind: [through], transaction, type: QueryTypes.SELECT },
  );
  return rows.some((r) => {
    try {
      return (
        (JSON.parse(r.canonical) as { details?: { throughSequence?: unknown } }).details?.throughSequence ===
        through
      );
    } catch {
      return false;
    }
  });
}

/**
 * Verifies the whole audit log in one consistent snapshot: every checkpoint's Ed25519 signature,
 * and every row from genesis, or from the surviving checkpoint when retention cut the head off
 * (then an `audit.expired` record must account for the cut). Stops at the first bad sequence and
 * says why. Rows after the newest checkpoint are verified by the chain alone: a row removed from
 * the very end is only caught once a checkpoint covers it.
 */
export async function verifyAuditChain(
  sequelize: Sequelize,
  keys: AuditVerifyKeys,
): Promise<AuditVerification> {
  return sequelize.transaction(
    { isolationLevel: Transaction.ISOLATION_LEVELS.REPEATABLE_READ, readOnly: true },
    async (transaction) => {
      const checkpoints = await listCheckpoints(sequelize, transaction);
      const first = await firstSequence(sequelize, transaction);
      const summary: AuditChainSummary = { events: 0, checkpoints: 0, anchor: 'genesis', lastSequence: 0 };
      const fail = (sequence: number, reason: string): AuditVerification => ({
        ok: false,
        sequence,
        reason,
        ...summary,
      });
      const signatureFailure = (c: AuditCheckpoint) => {
        const problem = checkpointSignatureProblem(keys, c);
        summary.checkpoints += problem ? 0 : 1;
        return problem ? fail(c.sequence, problem) : undefined;
      };

      // Where the chain must start: right after the newest checkpoint before the first row
      // (retention keeps that one as the anchor), else at genesis.
      const start = first ?? Number.MAX_SAFE_INTEGER;
      const before = checkpoints.filter((c) => c.sequence < start);
      const anchor = before.at(-1);
      for (const c of before) {
        const failure = signatureFailure(c);
        if (failure) return failure;
      }
      let expected = anchor ? anchor.sequence + 1 : 1;
      let prevHash = anchor ? Buffer.from(anchor.hash, 'hex') : GENESIS_HASH;
      let previous = anchor ? `checkpoint ${anchor.sequence}` : 'genesis';
      if (first === undefined) {
        return anchor
          ? fail(anchor.sequence + 1, 'rows after the newest checkpoint are missing')
          : { ok: true, ...summary };
      }
      if (first > expected)
        return fail(expected, `row ${expected} is missing (first surviving row is ${first})`);
      if (anchor) {
        summary.anchor = anchor.sequence;
        if (!(await expiryRecorded(sequelize, transaction, anchor.sequence))) {
          return fail(
            anchor.sequence,
            `rows through ${anchor.sequence} were removed without an audit.expired record`,
          );
        }
      }

      const pending = checkpoints.filter((c) => c.sequence >= start);
      for (;;) {
        const rows = await readBatch(sequelize, transaction, expected - 1);
        if (rows.length === 0) break;
        for (const row of rows) {
          const sequence = toSequence(row.sequence);
          if (sequence !== expected)
            return fail(expected, `row ${expected} is missing (next surviving row is ${sequence})`);
          const check = checkAuditRow(row, prevHash, previous);
          if (!check.ok) return fail(sequence, check.reason);
          while (pending[0] && pending[0].sequence <= sequence) {
            const c = pending.shift()!;
            const failure = signatureFailure(c);
            if (failure) return failure;
            if (c.hash !== row.hash.toString('hex'))
              return fail(sequence, 'checkpoint hash does not match the row');
          }
          summary.events += 1;
          summary.lastSequence = sequence;
          prevHash = row.hash;
          previous = `row ${sequence}`;
          expected = sequence + 1;
        }
      }
      const orphan = pending[0];
      if (orphan) {
        return (
          signatureFailure(orphan) ??
          fail(expected, `row ${expected} is missing (checkpoint ${orphan.sequence} covers it)`)
        );
      }
      return { ok: true, ...summary };
    },
  );
}
