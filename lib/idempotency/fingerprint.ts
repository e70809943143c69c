import { createHash } from 'node:crypto';
import { sortedKeyJson } from './sorted-key-json';

/** SHA-256 (hex) over method, path and the canonical JSON body: "the same request". */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(sortedKeyJson([method.toUpperCase(), path, body ?? null]))
    .digest('hex');
}
