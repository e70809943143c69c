import type { EncryptionClass } from './data-class';
import { NONCE_BYTES, TAG_BYTES } from './aes-gcm';
import { CiphertextFormatError } from './errors';

/**
 * The stored form of an encrypted field (docs/keys.md):
 *
 *   v1.<key class>.<key version>.<nonce, base64url>.<ciphertext + GCM tag, base64url>
 *
 * `key class` is a data class (`pii`, `payment`) or `user` for the row owner's own key; with the
 * version it names exactly which key decrypts it (SEC-DATA-02). ASCII only, so it fits a text
 * column and a CHECK constraint can refuse anything else.
 */
export type KeyClass = EncryptionClass | 'user';

export interface KeyRef {
  keyClass: KeyClass;
  version: number;
}

export interface FieldCiphertext extends KeyRef {
  nonce: Buffer;
  body: Buffer;
}

export const FORMAT_VERSION = 'v1';
const MAX_KEY_VERSION = 999_999_999;
const PATTERN = /^v1\.(pii|payment|user)\.([1-9][0-9]{0,8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

export function isKeyVersion(version: number): boolean {
  return Number.isInteger(version) && version >= 1 && version <= MAX_KEY_VERSION;
}

export function formatFieldCiphertext(c: FieldCiphertext): string {
  if (!isKeyVersion(c.version)) throw new CiphertextFormatError('key version out of range');
  return [
    FORMAT_VERSION,
    c.keyClass,
    c.version,
    c.nonce.toString('base64url'),
    c.body.toString('base64url'),
  ].join('.');
}

export function looksLikeFieldCiphertext(value: unknown): value is string {
  return typeof value === 'string' && PATTERN.test(value);
}

export function parseFieldCiphertext(value: string): FieldCiphertext {
  const m = PATTERN.exec(value);
  if (!m) throw new CiphertextFormatError('not a v1 field ciphertext');
  const nonce = Buffer.from(m[3]!, 'base64url');
  const body = Buffer.from(m[4]!, 'base64url');
  // Re-encoding catches non-canonical base64url (stray trailing bits), so one ciphertext has one spelling.
  if (
    nonce.length !== NONCE_BYTES ||
    body.length < TAG_BYTES ||
    nonce.toString('base64url') !== m[3] ||
    body.toString('base64url') !== m[4]
  ) {
    throw new CiphertextFormatError('malformed nonce or body');
  }
  return { keyClass: m[1] as KeyClass, version: Number(m[2]), nonce, body };
}
