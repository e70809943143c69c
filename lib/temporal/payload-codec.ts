import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { open, seal, NONCE_BYTES } from '../crypto/aes-gcm';
import type { Keyring } from '../crypto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/** Binds every ciphertext to its use: a field ciphertext can never be passed off as a payload. */
const AAD = Buffer.from('travelhub/temporal-payload/v1');
const KEY_ID = /^pii\.([1-9][0-9]{0,8})$/;

const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * Issue 8.4: every payload the API and the workers hand Temporal (workflow inputs, results,
 * signals, queries, activity arguments) is sealed with AES-256-GCM under the keyring's active
 * `pii` class key, its version named in the metadata, so Temporal's history holds nothing
 * readable and old histories stay readable after a rotation (after Temporal's sample
 * `encryption`). Payloads already encrypted are left as they are.
 */
export class KeyringPayloadCodec implements PayloadCodec {
  constructor(private readonly keyring: Keyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { version, key } = await this.keyring.activeKey('pii');
    return payloads.map((payload) => {
      const plain = Buffer.from(temporal.api.common.v1.Payload.encode(payload).finish());
      const sealed = seal(key, plain, AAD);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: utf8(`pii.${version}`),
        },
        data: Buffer.concat([sealed.nonce, sealed.body]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
        if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
        const keyId = payload.metadata?.[KEY_ID_METADATA];
        const version = KEY_ID.exec(keyId ? Buffer.from(keyId).toString() : '')?.[1];
        if (!version || !payload.data) throw new Error('encrypted payload without a key id');
        const key = await this.keyring.classKey('pii', Number(version));
        const data = Buffer.from(payload.data);
        const plain = open(key, data.subarray(0, NONCE_BYTES), data.subarray(NONCE_BYTES), AAD);
        return temporal.api.common.v1.Payload.decode(plain);
      }),
    );
  }
}
