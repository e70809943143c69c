import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KmsClient } from '../../../lib/crypto';

function invalidCiphertext(): Error {
  const err = new Error('InvalidCiphertextException');
  err.name = 'InvalidCiphertextException';
  return err;
}

function contextAad(context: Record<string, string> = {}): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * Test double for AWS KMS (a cloud API the tests cannot reach): symmetric keys held in memory,
 * EncryptionContext bound as AES-GCM associated data like KMS binds it, every call recorded.
 */
export class FakeKmsClient implements KmsClient {
  readonly calls: { op: string; KeyId?: string; EncryptionContext?: Record<string, string> }[] = [];
  private readonly keys = new Map<string, Buffer>();

  constructor(keyIds: string[]) {
    for (const id of keyIds) this.keys.set(id, randomBytes(32));
  }

  private key(keyId: string | undefined): Buffer {
    const key = keyId && this.keys.get(keyId);
    if (!key) throw Object.assign(new Error('NotFoundException'), { name: 'NotFoundException' });
    return key;
  }

  private seal(keyId: string, plaintext: Uint8Array, context?: Record<string, string>): Buffer {
    const nonce = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key(keyId), nonce);
    c.setAAD(contextAad(context));
    return Buffer.concat([nonce, c.update(plaintext), c.final(), c.getAuthTag()]);
  }

  async encrypt(input: { KeyId: string; Plaintext: Uint8Array; EncryptionContext?: Record<string, string> }) {
    this.calls.push({ op: 'encrypt', KeyId: input.KeyId, EncryptionContext: input.EncryptionContext });
    return {
      CiphertextBlob: this.seal(input.KeyId, input.Plaintext, input.EncryptionContext),
      KeyId: input.KeyId,
    };
  }

  async generateDataKey(input: {
    KeyId: string;
    KeySpec: 'AES_256';
    EncryptionContext?: Record<string, string>;
  }) {
    this.calls.push({
      op: 'generateDataKey',
      KeyId: input.KeyId,
      EncryptionContext: input.EncryptionContext,
    });
    const plaintext = randomBytes(32);
    return {
      Plaintext: plaintext,
      CiphertextBlob: this.seal(input.KeyId, plaintext, input.EncryptionContext),
      KeyId: input.KeyId,
    };
  }

  async decrypt(input: {
    CiphertextBlob: Uint8Array;
    KeyId?: string;
    EncryptionContext?: Record<string, string>;
  }) {
    this.calls.push({ op: 'decrypt', KeyId: input.KeyId, EncryptionContext: input.EncryptionContext });
    const blob = Buffer.from(input.CiphertextBlob);
    if (blob.length < 28) throw invalidCiphertext();
    try {
      const d = createDecipheriv('aes-256-gcm', this.key(input.KeyId), blob.subarray(0, 12));
      d.setAAD(contextAad(input.EncryptionContext));
      d.setAuthTag(blob.subarray(blob.length - 16));
      return {
        Plaintext: Buffer.concat([d.update(blob.subarray(12, blob.length - 16)), d.final()]),
        KeyId: input.KeyId,
      };
    } catch {
      throw invalidCiphertext();
    }
  }
}
