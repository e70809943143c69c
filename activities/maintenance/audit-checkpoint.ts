import type { Sequelize } from 'sequelize';
import { createCheckpoint, type AuditSigner } from '../../lib/audit';

export interface AuditCheckpointDeps {
  /** The app role: SELECT and INSERT on the audit tables, nothing more. */
  sequelize: Sequelize;
  /** The Ed25519 key from the `audit_signing_key` secret file (lib/audit loadAuditSigner). */
  signer: AuditSigner;
}

/** What the checkpoint covers; its signature stays in the database. */
export interface AuditCheckpointSummary {
  sequence: number;
  hash: string;
  keyId: string;
  createdAt: string;
}

/**
 * `signAuditCheckpoint` (SEC-LOG-04): signs the newest row of the audit chain and stores the
 * checkpoint. Idempotent: a retry, or a run with no new rows since the last one, returns the
 * checkpoint already stored for the head instead of signing again. Null on an empty log.
 */
export function createAuditCheckpointActivities({ sequelize, signer }: AuditCheckpointDeps) {
  return {
    async signAuditCheckpoint(): Promise<AuditCheckpointSummary | null> {
      const checkpoint = await createCheckpoint(sequelize, signer);
      if (!checkpoint) return null;
      const { sequence, hash, keyId, createdAt } = checkpoint;
      return { sequence, hash, keyId, createdAt };
    },
  };
}

export type AuditCheckpointActivities = ReturnType<typeof createAuditCheckpointActivities>;
