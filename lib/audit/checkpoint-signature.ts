import { sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { AuditSigner, AuditVerifyKeys } from './signing-keys';

export interface AuditCheckpoint {
  sequence: number;
  /** Hex SHA-256 of the row at `sequence`. */
  hash: string;
  keyId: string;
  /** ISO 8601 UTC with milliseconds. */
  createdAt: string;
  /** Hex Ed25519 signature over checkpointMessage(). */
  signature: string;
}

/** The bytes signed: every field of the checkpoint but the signature, with a domain label. */
export function checkpointMessage(c: Omit<AuditCheckpoint, 'signature'>): Buffer {
  return Buffer.from(
    canonicalJson({
      context: 'travelhub.audit.checkpoint.v1',
      sequence: c.sequence,
      hash: c.hash,
      keyId: c.keyId,
      createdAt: c.createdAt,
    }),
  );
}

export function signCheckpoint(
  signer: AuditSigner,
  c: Omit<AuditCheckpoint, 'signature' | 'keyId'>,
): AuditCheckpoint {
  const unsigned = { ...c, keyId: signer.keyId };
  return {
    ...unsigned,
    signature: sign(null, checkpointMessage(unsigned), signer.privateKey).toString('hex'),
  };
}

/** Why the checkpoint's signature does not hold, or undefined when it does. */
export function checkpointSignatureProblem(keys: AuditVerifyKeys, c: AuditCheckpoint): string | undefined {
  const key = keys.get(c.keyId);
  if (!key) return `checkpoint is signed by unknown key ${c.keyId}`;
  const ok = verify(null, checkpointMessage(c), key, Buffer.from(c.signature, 'hex'));
  return ok ? undefined : 'checkpoint signature does not verify';
}
