import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { IdempotencyRecord, IdempotencyScope } from './record';

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

/**
 * The cache of completed answers. Redis may lose any of it; Postgres decides, so every method
 * here may fail or return nothing without harm. Keys are a hash of (user, key) under `prefix`.
 */
export function redisRecords(redis: Redis, prefix: string) {
  const keyOf = (scope: IdempotencyScope) =>
    `${prefix}${createHash('sha256').update(`${scope.userId}\n${scope.key}`).digest('hex').slice(0, 40)}`;

  return {
    /** The cached record, if Redis has a well-formed one. */
    async read(scope: IdempotencyScope): Promise<IdempotencyRecord | undefined> {
      return parse(await redis.get(keyOf(scope)));
    },

    async store(scope: IdempotencyScope, record: IdempotencyRecord, ttlMs: number): Promise<void> {
      await redis.set(keyOf(scope), JSON.stringify(record), 'PX', ttlMs);
    },
  };
}

export type RedisRecords = ReturnType<typeof redisRecords>;
