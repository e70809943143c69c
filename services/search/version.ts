import type { Redis } from 'ioredis';
import type { InventoryKind } from './index-names';

/**
 * The index version of one inventory: bumped after every alias swap and every availability
 * change. It is part of every cache key, so a sync or a booking never leaves a stale answer.
 */
export const versionKey = (prefix: string, kind: InventoryKind) => `search:${prefix}:${kind}:version`;

export async function indexVersion(redis: Redis, prefix: string, kind: InventoryKind): Promise<string> {
  return (await redis.get(versionKey(prefix, kind))) ?? '0';
}

export async function bumpIndexVersion(redis: Redis, prefix: string, kind: InventoryKind): Promise<number> {
  return redis.incr(versionKey(prefix, kind));
}
