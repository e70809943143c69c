import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { toSequence } from './chain-head';
import { signCheckpoint, type AuditCheckpoint } from './checkpoint-signature';
import type { AuditSigner } from './signing-keys';

interface CheckpointRow {
  sequence: string;
  hash: Buffer;
  signature: Buffer;
  key_id: string;
  created_at: Date;
}

const COLUMNS = 'sequence, hash, signature, key_id, created_at';

function fromRow(row: CheckpointRow): AuditCheckpoint {
  return {
    sequence: toSequence(row.sequence),
    hash: row.hash.toString('hex'),
    keyId: row.key_id,
    createdAt: row.created_at.toISOString(),
    signature: row.signature.toString('hex'),
  };
}

/** Every stored checkpoint, oldest first. */
export async function listCheckpoints(
  sequelize: Sequelize,
  transaction?: Transaction,
): Promise<AuditCheckpoint[]> {
  const rows = await sequelize.query<CheckpointRow>(
    `SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY sequence`,
    {
      transaction,
      type: QueryTypes.SELECT,
    },
  );
  return rows.map(fromRow);
}

export async function findCheckpoint(
  sequelize: Sequelize,
  sequence: number,
  transaction?: Transaction,
): Promise<AuditCheckpoint | undefined> {
  const rows = await sequelize.query<CheckpointRow>(
    `SELECT ${COLUMNS} FROM audit_checkpoints WHERE sequence = $1`,
    {
      bind: [sequence],
      transaction,
      type: QueryTypes.SELECT,
    },
  );
  return rows[0] && fromRow(rows[0]);
}

export interface CreateCheckpointOptions {
  /** The time signed into the checkpoint; retention trusts it as "everything up to here is older". */
  now?: Date;
}

/**
 * Signs the newest row of the chain (Ed25519) and stores the checkpoint. Idempotent: when the
 * newest row already has a checkpoint, that one is returned. Returns undefined on an empty log.
 */
export async function createCheckpoint(
  sequelize: Sequelize,
  signer: AuditSigner,
  { now = new Date() }: CreateCheckpointOptions = {},
): Promise<AuditCheckpoint | undefined> {
  const rows = await sequelize.query<{ sequence: string; hash: Buffer }>(
    'SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1',
    { type: QueryTypes.SELECT },
  );
  const head = rows[0];
  if (!head) return undefined;
  const sequence = toSequence(head.sequence);
  const existing = await findCheckpoint(sequelize, sequence);
  if (existing) return existing;

  const checkpoint = signCheckpoint(signer, {
    sequence,
    hash: head.hash.toString('hex'),
    createdAt: now.toISOString(),
  });
  await sequelize.query(
    `INSERT INTO audit_checkpoints (sequence, hash, signature, key_id, created_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sequence) DO NOTHING`,
    {
      bind: [
        checkpoint.sequence,
        head.hash,
        Buffer.from(checkpoint.signature, 'hex'),
        checkpoint.keyId,
        checkpoint.createdAt,
      ],
      type: QueryTypes.INSERT,
    },
  );
  return (await findCheckpoint(sequelize, sequence)) ?? checkpoint;
}
