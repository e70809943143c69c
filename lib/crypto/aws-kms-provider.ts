import { DATA_KEY_BYTES } from './data-class';
import { DecryptionFailedError, KeyConfigurationError } from './errors';
import type { GeneratedDataKey, KeyProvider, WrapContext, WrappedKey } from './key-provider';

/**
 * The part of AWS KMS we use, shaped like the AWS SDK's inputs and outputs, so a thin adapter over
 * `@aws-sdk/client-kms` fits (docs/keys.md) and no AWS dependency is needed here:
 *   { encrypt: (i) => kms.send(new EncryptCommand(i)), decrypt: …, generateDataKey: … }
 */
export interface KmsClient {
  encrypt(input: {
    KeyId: string;
    Plaintext: Uint8Array;
    EncryptionContext?: Record<string, string>;
  }): Promise<{ CiphertextBlob?: Uint8Array; KeyId?: string }>;
  decrypt(input: {
    CiphertextBlob: Uint8Array;
    KeyId?: string;
    EncryptionContext?: Record<string, string>;
  }): Promise<{ Plaintext?: Uint8Array; KeyId?: string }>;
  generateDataKey(input: {
    KeyId: string;
    KeySpec: 'AES_256';
    EncryptionContext?: Record<string, string>;
  }): Promise<{ CiphertextBlob?: Uint8Array; Plaintext?: Uint8Array; KeyId?: string }>;
}

const PREFIX = 'aws-kms:';

/**
 * KEK = a symmetric KMS key that never leaves KMS. The wrap context is sent as the
 * EncryptionContext, which KMS binds to the ciphertext and logs in CloudTrail.
 */
export class AwsKmsProvider implements KeyProvider {
  readonly currentKekId: string;

  constructor(
    private readonly client: KmsClient,
    private readonly keyId: string,
  ) {
    if (!keyId) throw new KeyConfigurationError('AWS KMS key id is required');
    this.currentKekId = PREFIX + keyId;
  }

  async generateDataKey(context: WrapContext): Promise<GeneratedDataKey> {
    const out = await this.client.generateDataKey({
      KeyId: this.keyId,
      KeySpec: 'AES_256',
      EncryptionContext: { ...context },
    });
    if (!out.Plaintext || !out.CiphertextBlob || out.Plaintext.length !== DATA_KEY_BYTES) {
      throw new KeyConfigurationError('KMS GenerateDataKey returned no usable key');
    }
    return {
      plaintext: Buffer.from(out.Plaintext),
      wrapped: Buffer.from(out.CiphertextBlob),
      kekId: this.currentKekId,
    };
  }

  async wrap(plaintext: Buffer, context: WrapContext): Promise<WrappedKey> {
    const out = await this.client.encrypt({
      KeyId: this.keyId,
      Plaintext: plaintext,
      EncryptionContext: { ...context },
    });
    if (!out.CiphertextBlob) throw new KeyConfigurationError('KMS Encrypt returned no ciphertext');
    return { wrapped: Buffer.from(out.CiphertextBlob), kekId: this.currentKekId };
  }

  async unwrap(key: WrappedKey, context: WrapContext): Promise<Buffer> {
    if (!key.kekId.startsWith(PREFIX))
      throw new KeyConfigurationError(`KEK ${key.kekId} is not an AWS KMS key`);
    let out: { Plaintext?: Uint8Array };
    try {
      out = await this.client.decrypt({
        CiphertextBlob: key.wrapped,
        KeyId: key.kekId.slice(PREFIX.length),
        EncryptionContext: { ...context },
      });
    } catch (err) {
      // KMS answers InvalidCiphertextException for a wrong key, blob or context.
      if (err instanceof Error && err.name === 'InvalidCiphertextException')
        throw new DecryptionFailedError();
      throw err;
    }
    if (!out.Plaintext || out.Plaintext.length !== DATA_KEY_BYTES) {
      throw new DecryptionFailedError('KMS returned no usable key');
    }
    return Buffer.from(out.Plaintext);
  }
}
