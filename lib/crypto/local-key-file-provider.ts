import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { open, seal, NONCE_BYTES } from './aes-gcm';
import { DATA_KEY_BYTES } from './data-class';
import { DecryptionFailedError, KeyConfigurationError } from './errors';
import type { GeneratedDataKey, KeyProvider, WrapContext, WrappedKey } from './key-provider';
import { canonicalContext } from './key-provider';

const KEK_BYTES = 32;

/** A KEK's public name: `local:` + 16 hex of a domain-separated SHA-256. Reveals nothing usable. */
export function localKekId(kek: Buffer): string {
  return `local:${createHash('sha256').update('travelhub-kek-id\0').update(kek).digest('hex').slice(0, 16)}`;
}

/** Parses a KEK file's content: exactly 32 bytes, standard base64 (`head -c 32 /dev/urandom | base64`). */
export function parseKek(text: string, what = 'kek'): Buffer {
  const trimmed = text.trim();
  const bytes = Buffer.from(trimmed, 'base64');
  if (
    !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ||
    bytes.length !== KEK_BYTES ||
    bytes.toString('base64') !== trimmed
  ) {
    throw new KeyConfigurationError(`${what} must be ${KEK_BYTES} random bytes, base64-encoded`);
  }
  return bytes;
}

/**
 * The default provider: the KEK is a secret file (`$SECRETS_DIR/kek` or `KEK_FILE`). Wrapped key =
 * nonce(12) || AES-256-GCM(KEK, data key, AAD = context) || tag(16). Earlier KEKs may be given
 * for unwrapping only, while `rewrapKeys` moves every wrapped key to the current one.
 */
export class LocalKeyFileProvider implements KeyProvider {
  readonly currentKekId: string;
  private readonly keks = new Map<string, KeyObject>();

  constructor(current: Buffer, previous: Buffer[] = []) {
    this.currentKekId = localKekId(current);
    for (const kek of [current, ...previous]) {
      if (kek.length !== KEK_BYTES) throw new KeyConfigurationError(`a KEK must be ${KEK_BYTES} bytes`);
      this.keks.set(localKekId(kek), createSecretKey(kek));
    }
  }

  async generateDataKey(context: WrapContext): Promise<GeneratedDataKey> {
    const plaintext = randomBytes(DATA_KEY_BYTES);
    return { plaintext, ...(await this.wrap(plaintext, context)) };
  }

  async wrap(plaintext: Buffer, context: WrapContext): Promise<WrappedKey> {
    const { nonce, body } = seal(this.kek(this.currentKekId), plaintext, canonicalContext(context));
    return { wrapped: Buffer.concat([nonce, body]), kekId: this.currentKekId };
  }

  async unwrap(key: WrappedKey, context: WrapContext): Promise<Buffer> {
    const kek = this.kek(key.kekId);
    const plaintext = open(
      kek,
      key.wrapped.subarray(0, NONCE_BYTES),
      key.wrapped.subarray(NONCE_BYTES),
      canonicalContext(context),
    );
    if (plaintext.length !== DATA_KEY_BYTES)
      throw new DecryptionFailedError('unwrapped key has the wrong length');
    return plaintext;
  }

  private kek(kekId: string): KeyObject {
    const kek = this.keks.get(kekId);
    if (!kek) throw new KeyConfigurationError(`KEK ${kekId} is not configured`);
    return kek;
  }
}
