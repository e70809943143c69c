export { idempotencyErrors } from './errors';
export { parseIdempotencyKey, type CanonicalIdempotencyKey } from './idempotency-key';
export { sortedKeyJson } from './sorted-key-json';
export { requestFingerprint } from './fingerprint';
export type { StoredResponse, IdempotencyRecord, IdempotencyScope, BeginOutcome } from './record';
export {
  createIdempotencyStore,
  type IdempotencyStore,
  type IdempotencyStoreOptions,
  type IdempotencyLogger,
} from './idempotency-store';
