/** Field-level encryption, envelope keys, blind indexes and masking (SEC-DATA-01..05; docs/keys.md). */
export * from './errors';
export * from './data-class';
export type { FieldLocation } from './associated-data';
export { fieldAssociatedData } from './associated-data';
export * from './field-ciphertext';
export * from './key-provider';
export { LocalKeyFileProvider, parseKek, localKekId } from './local-key-file-provider';
export { AwsKmsProvider, type KmsClient } from './aws-kms-provider';
export { Keyring, type KeyringOptions, type KeyUsageCounter, type VersionedKey } from './keyring';
export { keyAuditor, type KeyAuditor, type KeyOperator } from './key-audit';
export { encryptField, decryptField, type FieldKey, type DecryptOptions } from './field-cipher';
export {
  blindIndex,
  blindIndexCandidates,
  normalizers,
  type Normalizer,
  type NormalizerName,
} from './blind-index';
export { rewrapKeys, type RewrapResult } from './rewrap-keys';
export { replayShreds } from './replay-shreds';
export {
  keyProviderFromConfig,
  keyringFromConfig,
  KEK_SECRET,
  PREVIOUS_KEK_SECRET,
} from './keyring-from-config';
