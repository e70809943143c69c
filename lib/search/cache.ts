import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { InventoryKind } from './index-names';

/**
 * Keys the cache by the normalised search (fields in a fixed order, defaults filled in, by the
 * route's validation) and the index version, so a sync or a booking makes old entries
 * unreachable at once; they expire on their own after the short TTL.
 */
export function cacheKey(prefix: string, kind: InventoryKind, version: string, search: object): string {
  const normalised = canonicalJson(search);
  const digest = createHash('sha256').update(normalised).digest('base64url');
  return `search:${prefix}:${kind}:cache:${version}:${digest}`;
}

/** JSON with every object's keys sorted at every depth; undefined fields left out. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface SearchCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** A cache failure never fails a search: it is answered from OpenSearch instead. */
export function redisSearchCache(redis: Redis, ttlSeconds: number): SearchCache {
  return {
    async get(key) {
      try {
        return await redis.get(key);
      } catch {
        return null;
      }
    },
    async set(key, value) {
      try {
        await redis.set(key, value, 'EX', ttlSeconds);
      } catch {
        // Best effort: the answer is already on its way.
      }
    },
  };
}
