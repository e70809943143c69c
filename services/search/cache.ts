import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { InventoryKind } from './index-names';
import { versionKey } from './version';

/**
 * Keys the cache by the normalised search (fields in a fixed order, defaults filled in, by the
 * route's validation); the entry holds the index version it was computed under, so a sync or
 * a booking makes old entries unusable at once; they expire on their own after the short TTL.
 */
export function cacheKey(prefix: string, kind: InventoryKind, search: object): string {
  const normalised = canonicalJson(search);
  const digest = createHash('sha256').update(normalised).digest('base64url');
  return `search:${prefix}:${kind}:cache:${digest}`;
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

/** What one cache read found: the current index version (null when Redis failed) and the entry. */
export interface CacheLookup {
  version: string | null;
  /** The answer's JSON bytes, only when the entry was computed under the current version. */
  hit: Buffer | null;
}

export interface SearchCache {
  lookup(kind: InventoryKind, key: string): Promise<CacheLookup>;
  store(key: string, version: string, json: Buffer): Promise<void>;
}

const SEPARATOR = 0x0a; // '\n': never inside a version (digits) nor needed to find the JSON

/**
 * One round trip per search: MGET of the version and the entry (`<version>\n<json>`, kept as
 * bytes and sent as they are). An entry of another version is a miss, so nothing computed
 * before a sync or a booking is ever served. A cache failure never fails a search: it is
 * answered from OpenSearch instead.
 */
export function redisSearchCache(redis: Redis, prefix: string, ttlSeconds: number): SearchCache {
  return {
    async lookup(kind, key) {
      let answer: (Buffer | null)[];
      try {
        answer = await redis.mgetBuffer(versionKey(prefix, kind), key);
      } catch {
        return { version: null, hit: null };
      }
      const version = answer[0]?.toString('latin1') ?? '0';
      const entry = answer[1];
      const cut = entry ? entry.indexOf(SEPARATOR) : -1;
      const current =
        entry !== null && entry !== undefined && cut >= 0 && entry.toString('latin1', 0, cut) === version;
      return { version, hit: current ? entry.subarray(cut + 1) : null };
    },
    async store(key, version, json) {
      try {
        await redis.set(key, Buffer.concat([Buffer.from(`${version}\n`, 'latin1'), json]), 'EX', ttlSeconds);
      } catch {
        // Best effort: the answer is already on its way.
      }
    },
  };
}
