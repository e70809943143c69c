import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  auditSignerFromPem,
  auditVerifyKeysFromPem,
  type AuditSigner,
  type AuditVerifyKeys,
} from '../../../lib/audit';

export interface TempAuditKeys {
  signer: AuditSigner;
  keys: AuditVerifyKeys;
  privatePem: string;
  publicPem: string;
  /** Point a process at these files (as the stack would with secret files). */
  env: { AUDIT_SIGNING_KEY_FILE: string; AUDIT_SIGNING_KEY_PUB_FILE: string };
  cleanup(): void;
}

/** A fresh Ed25519 pair written as the secret files the platform reads (PKCS#8 / SPKI PEM). */
export function tempAuditKeys(): TempAuditKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const dir = mkdtempSync(join(tmpdir(), 'th-audit-keys-'));
  const env = {
    AUDIT_SIGNING_KEY_FILE: join(dir, 'audit_signing_key'),
    AUDIT_SIGNING_KEY_PUB_FILE: join(dir, 'audit_signing_key.pub'),
  };
  writeFileSync(env.AUDIT_SIGNING_KEY_FILE, privatePem, { mode: 0o600 });
  writeFileSync(env.AUDIT_SIGNING_KEY_PUB_FILE, publicPem, { mode: 0o644 });
  return {
    signer: auditSignerFromPem(privatePem),
    keys: auditVerifyKeysFromPem(publicPem),
    privatePem,
    publicPem,
    env,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
