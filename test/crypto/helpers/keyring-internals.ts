/** Crypto internals that tests reach directly (not part of lib/crypto's public index). */
export { LruTtlCache as LruTtlCacheForTests } from '../../../lib/crypto/lru-ttl-cache';
export { decryptField, encryptField, Keyring, type KeyProvider } from '../../../lib/crypto';
