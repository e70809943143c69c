import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { IdempotencyRecord, IdempotencyScope } from './record';

const RELEASE_COMMAND = 'travelhubIdempotencyRelease';
const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type WithRelease = Redis & { [RELEASE_COMMAND](key: string, expected: string): Promise<number> };

export type RedisClaim =
  { kind: 'claimed' } | { kind: 'found'; record: IdempotencyRecord } | { kind: 'unknown' };

function isRecord(value: unknown): value is IdempotencyRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  if (typeof r.fingerprint !== 'string') return false;
  if (r.status === 'in_flight') return typeof r.lockToken === 'string';
  if (r.status !== 'completed' || typeof r.response !== 'object' || r.response === null) return false;
  return typeof (r.response as Record<string, unknown>).status === 'number';
}

function parse(raw: string | null): IdempotencyRecord | undefined {
  if (raw === null) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function inFlightValue(scope: IdempotencyScope, lockToken: string): string {
  const record: IdempotencyRecord = { status: 'in_flight', fingerprint: scope.fingerprint, lockToken };
  return JSON.stringify(record);
}

/**
 * The fast path: a lock (SET NX PX) and a cache of completed answers. Redis may lose any of it;
 * Postgres decides whenever Redis cannot ("unknown"), so every method here may fail or return
 * nothing without harm. Keys are a hash of (user, key) under `prefix`.
 */
export function redisRecords(redis: Redis, prefix: string) {
  const client = redis as WithRelease;
  if (typeof client[RELEASE_COMMAND] !== 'function') {
    redis.defineCommand(RELEASE_COMMAND, { numberOfKeys: 1, lua: RELEASE_LUA });
  }
  const keyOf = (scope: IdempotencyScope) =>
    `${prefix}${createHash('sha256').update(`${scope.userId}\n${scope.key}`).digest('hex').slice(0, 40)}`;

  return {
    async claim(scope: IdempotencyScope, lockToken: string, lockTtlMs: number): Promise<RedisClaim> {
      const key = keyOf(scope);
      const set = await redis.set(key, inFlightValue(scope, lockToken), 'PX', lockTtlMs, 'NX');
      if (set === 'OK') return { kind: 'claimed' };
      const record = parse(await redis.get(key));
      return record ? { kind: 'found', record } : { kind: 'unknown' };
    },

    async store(scope: IdempotencyScope, record: IdempotencyRecord, ttlMs: number): Promise<void> {
      await redis.set(keyOf(scope), JSON.stringify(record), 'PX', ttlMs);
    },

    /** Deletes the lock only if it is still this request's. */
    async release(scope: IdempotencyScope, lockToken: string): Promise<void> {
      await client[RELEASE_COMMAND](keyOf(scope), inFlightValue(scope, lockToken));
    },
  };
}

export type RedisRecords = ReturnType<typeof redisRecords>;
