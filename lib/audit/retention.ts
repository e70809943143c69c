import { randomUUID } from 'node:crypto';
import { QueryTypes, Transaction, type Sequelize } from 'sequelize';
import { checkpointSignatureProblem } from './checkpoint-signature';
import { listCheckpoints } from './checkpoints';
import { AuditRetentionError } from './errors';
import type { AuditVerifyKeys } from './signing-keys';
import { validateAuditEvent } from './validate-event';
import { verifyAuditChain } from './verify-chain';
import { appendInTransaction } from './writer';

/** SEC-LOG-05 default; PCI DSS 10.5.1 sets the floor at 12 months, which the database enforces too. */
export const AUDIT_RETENTION_MONTHS = 18;
export const MIN_AUDIT_RETENTION_MONTHS = 12;

export interface ExpireOptions {
  keys: AuditVerifyKeys;
  now?: Date;
  retentionMonths?: number;
}

export interface AuditExpiry {
  /** Rows up to and including this sequence were removed; its checkpoint is the new anchor. */
  throughSequence: number;
  deletedEvents: number;
  /** The `audit.expired` row that records the cut. */
  recordSequence: number;
}

export function retentionCutoff(now: Date, months: number): Date {
  if (!Number.isInteger(months) || months < MIN_AUDIT_RETENTION_MONTHS) {
    throw new AuditRetentionError(`audit retention must be at least ${MIN_AUDIT_RETENTION_MONTHS} months`);
  }
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/**
 * Removes the whole segment of the log up to and including a signed checkpoint that is older than
 * the retention period, through the owner-only database path (audit_expire_through). Needs the
 * owner role's connection. Refuses a sequence that is not a stored checkpoint (so never past the
 * newest one), a checkpoint whose signature fails, and a chain that does not verify, since
 * cutting it would destroy the evidence. The cut is recorded in the chain as `audit.expired`, so
 * the verifier can tell it from a deletion.
 */
export async function expireBefore(
  owner: Sequelize,
  checkpoint: { sequence: number },
  { keys, now = new Date(), retentionMonths = AUDIT_RETENTION_MONTHS }: ExpireOptions,
): Promise<AuditExpiry> {
  const cutoff = retentionCutoff(now, retentionMonths);
  const checkpoints = await listCheckpoints(owner);
  const newest = checkpoints.at(-1);
  if (!newest || checkpoint.sequence > newest.sequence) {
    throw new AuditRetentionError(
      `refusing to cut past the newest checkpoint (${newest?.sequence ?? 'none'})`,
    );
  }
  const stored = checkpoints.find((c) => c.sequence === checkpoint.sequence);
  if (!stored) throw new AuditRetentionError(`sequence ${checkpoint.sequence} is not a checkpoint`);
  const problem = checkpointSignatureProblem(keys, stored);
  if (problem) throw new AuditRetentionError(`checkpoint ${stored.sequence}: ${problem}`);
  if (new Date(stored.createdAt) >= cutoff) {
    throw new AuditRetentionError(
      `checkpoint ${stored.sequence} is within the ${retentionMonths}-month retention`,
    );
  }
  const verification = await verifyAuditChain(owner, keys);
  if (!verification.ok) {
    throw new AuditRetentionError(
      `the chain does not verify at ${verification.sequence}; keeping the evidence`,
    );
  }

  const record = validateAuditEvent({
    eventId: randomUUID(),
    type: 'audit.expired',
    occurredAt: now,
    actor: { type: 'system', id: 'audit-retention' },
    outcome: 'success',
    originIp: null,
    resource: { type: 'audit_log', id: 'audit_events' },
    details: { throughSequence: stored.sequence, cutoff: cutoff.toISOString() },
  });
  return owner.transaction(
    { isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED },
    async (transaction) => {
      const appended = await appendInTransaction(owner, transaction, record);
      const [row] = await owner.query<{ deleted: string }>('SELECT audit_expire_through($1, $2) AS deleted', {
        bind: [stored.sequence, cutoff.toISOString()],
        transaction,
        type: QueryTypes.SELECT,
      });
      return {
        throughSequence: stored.sequence,
        deletedEvents: Number(row?.deleted ?? 0),
        recordSequence: appended.sequence,
      };
    },
  );
}

/**
 * The scheduled job: cuts at the newest checkpoint older than the retention, when rows up to it
 * remain. Returns undefined when there is nothing to expire.
 */
export async function expireAuditLog(
  owner: Sequelize,
  options: ExpireOptions,
): Promise<AuditExpiry | undefined> {
  const cutoff = retentionCutoff(
    options.now ?? new Date(),
    options.retentionMonths ?? AUDIT_RETENTION_MONTHS,
  );
  const eligible = (await listCheckpoints(owner)).filter((c) => new Date(c.createdAt) < cutoff).at(-1);
  if (!eligible) return undefined;
  const [oldest] = await owner.query<{ sequence: string }>(
    'SELECT sequence FROM audit_events WHERE sequence <= $1 LIMIT 1',
    { bind: [eligible.sequence], type: QueryTypes.SELECT },
  );
  return oldest ? expireBefore(owner, eligible, options) : undefined;
}
