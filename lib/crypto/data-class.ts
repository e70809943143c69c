/**
 * Data classes each have their own data keys (SEC-DATA-02). `blind_index` keys are HMAC keys,
 * never used for encryption. Per-user keys (SEC-DATA-04) live apart, in the key store's `user_keys`.
 */
export const DATA_CLASSES = ['pii', 'payment', 'blind_index'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/** The classes whose keys encrypt field values. */
export type EncryptionClass = Exclude<DataClass, 'blind_index'>;
export const ENCRYPTION_CLASSES: readonly EncryptionClass[] = ['pii', 'payment'];

export function isDataClass(value: string): value is DataClass {
  return (DATA_CLASSES as readonly string[]).includes(value);
}

/** Data keys are AES-256 (and HMAC-SHA256 for blind indexes): 32 bytes. */
export const DATA_KEY_BYTES = 32;
