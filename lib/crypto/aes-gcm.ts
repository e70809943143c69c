import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';
import { DecryptionFailedError } from './errors';

export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

export type AesKey = KeyObject | Buffer;

export interface Sealed {
  nonce: Buffer;
  /** Ciphertext followed by the 16-byte GCM tag. */
  body: Buffer;
}

/**
 * AES-256-GCM with a fresh random 96-bit nonce per call. Random nonces stay safe up to 2^32
 * encryptions per key (NIST SP 800-38D 8.3); docs/keys.md says how rotation keeps us far below.
 */
export function seal(key: AesKey, plaintext: Buffer, aad: Buffer): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce, body };
}

export function open(key: AesKey, nonce: Buffer, body: Buffer, aad: Buffer): Buffer {
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new DecryptionFailedError();
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionFailedError();
  }
}
