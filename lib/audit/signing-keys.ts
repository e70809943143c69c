import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretReader } from '../config/secrets';

/** The secret holding the checkpoint signing key: Ed25519, PKCS#8 PEM. */
export const AUDIT_SIGNING_KEY_SECRET = 'audit_signing_key';
/** Beside it, the public key(s) that verify checkpoints: SPKI PEM, old keys kept after rotation. */
export const AUDIT_PUBLIC_KEYS_FILE = 'audit_signing_key.pub';

export interface AuditSigner {
  keyId: string;
  privateKey: KeyObject;
}

/** Verification keys by key id. */
export type AuditVerifyKeys = ReadonlyMap<string, KeyObject>;

/** First 16 hex digits of SHA-256 over the public key's SPKI DER: names the key in checkpoints. */
export function auditKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

function requireEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${what} must be an Ed25519 key`);
  return key;
}

export function auditSignerFromPem(pem: string): AuditSigner {
  const privateKey = requireEd25519(createPrivateKey(pem), AUDIT_SIGNING_KEY_SECRET);
  return { keyId: auditKeyId(createPublicKey(privateKey)), privateKey };
}

/** Every PEM public key in `text`, by key id. */
export function auditVerifyKeysFromPem(text: string): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const block of text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []) {
    const key = requireEd25519(createPublicKey(block), AUDIT_PUBLIC_KEYS_FILE);
    keys.set(auditKeyId(key), key);
  }
  return keys;
}

/** The signing key from `AUDIT_SIGNING_KEY_FILE` or `$SECRETS_DIR/audit_signing_key`, if there is one. */
export function loadAuditSigner(env: NodeJS.ProcessEnv = process.env): AuditSigner | undefined {
  const pem = secretReader(env).read(AUDIT_SIGNING_KEY_SECRET);
  return pem === undefined ? undefined : auditSignerFromPem(pem);
}

function publicKeysPath(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AUDIT_SIGNING_KEY_PUB_FILE) return env.AUDIT_SIGNING_KEY_PUB_FILE;
  return env.SECRETS_DIR ? join(env.SECRETS_DIR, AUDIT_PUBLIC_KEYS_FILE) : undefined;
}

/**
 * Verification keys: those in `AUDIT_SIGNING_KEY_PUB_FILE` or `$SECRETS_DIR/audit_signing_key.pub`
 * (one or more PEM blocks, so checkpoints signed before a rotation still verify), plus the public
 * half of the signing key when this process has it.
 */
export function loadAuditVerifyKeys(env: NodeJS.ProcessEnv = process.env): AuditVerifyKeys {
  const path = publicKeysPath(env);
  const keys =
    path && existsSync(path)
      ? auditVerifyKeysFromPem(readFileSync(path, 'utf8'))
      : new Map<string, KeyObject>();
  const signer = loadAuditSigner(env);
  if (signer) keys.set(signer.keyId, createPublicKey(signer.privateKey));
  return keys;
}
