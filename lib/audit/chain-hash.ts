import { createHash } from 'node:crypto';

export const HASH_BYTES = 32;

/** The `prev_hash` of the first row ever written. */
export const GENESIS_HASH: Buffer = Buffer.alloc(HASH_BYTES);

/** SHA-256(prev_hash || canonical record as bytes); the canonical record is pure ASCII. */
export function chainHash(prevHash: Buffer, canonical: string): Buffer {
  return createHash('sha256').update(prevHash).update(canonical, 'utf8').digest();
}
