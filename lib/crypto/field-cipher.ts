import type { KeyObject } from 'node:crypto';
import { open, seal } from './aes-gcm';
import { fieldAssociatedData, type FieldLocation } from './associated-data';
import type { EncryptionClass } from './data-class';
import { CryptoError } from './errors';
import { formatFieldCiphertext, parseFieldCiphertext, type KeyClass, type KeyRef } from './field-ciphertext';
import type { Keyring } from './keyring';

/** Which key encrypts: the active key of a data class, or the owning user's own key. */
export type FieldKey = { dataClass: EncryptionClass } | { userId: string };

export interface DecryptOptions {
  /** Owner of a per-user (`user`) ciphertext. */
  userId?: string;
  /** Refuse a ciphertext under another key class than the column is declared with. */
  expectedKeyClass?: KeyClass;
}

/** SEC-DATA-01: AES-256-GCM, random 96-bit nonce, bound to table, column and row id. */
export async function encryptField(
  keyring: Keyring,
  plaintext: string,
  location: FieldLocation,
  fieldKey: FieldKey,
): Promise<string> {
  if (typeof plaintext !== 'string') throw new TypeError('encrypted fields hold strings');
  let ref: KeyRef;
  let key: KeyObject;
  let userId: string | undefined;
  if ('userId' in fieldKey) {
    userId = fieldKey.userId;
    ref = { keyClass: 'user', version: 1 };
    key = await keyring.userKey(userId, { create: true });
  } else {
    const active = await keyring.activeKey(fieldKey.dataClass);
    ref = { keyClass: fieldKey.dataClass, version: active.version };
    key = active.key;
  }
  const { nonce, body } = seal(
    key,
    Buffer.from(plaintext, 'utf8'),
    fieldAssociatedData(location, ref, userId),
  );
  return formatFieldCiphertext({ ...ref, nonce, body });
}

export async function decryptField(
  keyring: Keyring,
  ciphertext: string,
  location: FieldLocation,
  options: DecryptOptions = {},
): Promise<string> {
  const parsed = parseFieldCiphertext(ciphertext);
  if (options.expectedKeyClass && parsed.keyClass !== options.expectedKeyClass) {
    throw new CryptoError(`expected a ${options.expectedKeyClass} ciphertext, found ${parsed.keyClass}`);
  }
  let key: KeyObject;
  if (parsed.keyClass === 'user') {
    if (!options.userId) throw new CryptoError('a per-user ciphertext needs its owner user id');
    key = await keyring.userKey(options.userId, { create: false });
  } else {
    key = await keyring.classKey(parsed.keyClass, parsed.version);
  }
  const aad = fieldAssociatedData(location, parsed, parsed.keyClass === 'user' ? options.userId : undefined);
  return open(key, parsed.nonce, parsed.body, aad).toString('utf8');
}
