import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { loadConfig } from '../../lib/config';
import { failFastRedis, type FailFastRedisOptions } from '../../lib/clients';

/** A fail-fast client (as the API uses) to `url`, or the shared test Redis; resolves once ready. */
export async function readyRedis(url?: string, options: FailFastRedisOptions = {}): Promise<Redis> {
  const base = loadConfig().redis;
  const redis = failFastRedis(
    url ? { ...base, url, password: undefined, username: undefined } : base,
    options,
  );
  if (redis.status !== 'ready') await once(redis, 'ready');
  return redis;
}

/** A key prefix no other test uses, so this test can clean up after itself on the shared Redis. */
export function uniquePrefix(what: string): string {
  return `test:${what}:${randomBytes(6).toString('hex')}:`;
}

/** Deletes this test's keys only: never FLUSHALL a Redis that other test files share. */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  const keys = await keysByPrefix(redis, prefix);
  return keys.length === 0 ? 0 : redis.del(...keys);
}

export async function keysByPrefix(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}
