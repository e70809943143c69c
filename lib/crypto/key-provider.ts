/**
 * Envelope encryption (SEC-DATA-02): data keys are stored only wrapped by a key-encryption key
 * (KEK) that never leaves its provider. The context names what a wrapped key is for; a provider
 * binds it (GCM associated data, KMS EncryptionContext) so a wrapped key moved to another row
 * (another class, version or user) does not unwrap.
 */
export type WrapContext = Readonly<Record<string, string>>;

export interface WrappedKey {
  wrapped: Buffer;
  /** Which KEK wrapped it, stored beside the wrapped key so KEKs can be rotated. */
  kekId: string;
}

export interface GeneratedDataKey extends WrappedKey {
  /** The raw data key. Callers turn it into a KeyObject and zero this buffer. */
  plaintext: Buffer;
}

export interface KeyProvider {
  /** The KEK new keys are wrapped with. */
  readonly currentKekId: string;
  generateDataKey(context: WrapContext): Promise<GeneratedDataKey>;
  wrap(plaintext: Buffer, context: WrapContext): Promise<WrappedKey>;
  unwrap(key: WrappedKey, context: WrapContext): Promise<Buffer>;
}

export function dataKeyContext(dataClass: string, version: number): WrapContext {
  return { purpose: 'travelhub-data-key', data_class: dataClass, version: String(version) };
}

export function userKeyContext(userId: string): WrapContext {
  return { purpose: 'travelhub-user-key', user_id: userId.toLowerCase() };
}

/** Canonical bytes of a context: sorted entries, JSON. */
export function canonicalContext(context: WrapContext): Buffer {
  const entries = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), 'utf8');
}
