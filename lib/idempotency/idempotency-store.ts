import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { config } from '../config';
import { postgresRecords } from './postgres-records';
import { outcomeFor, type BeginOutcome, type IdempotencyScope, type StoredResponse } from './record';
import { redisRecords } from './redis-records';

export interface IdempotencyLogger {
  warn(fields: object, message: string): void;
}

export interface IdempotencyStoreOptions {
  /** A fail-fast client: a slow Redis must not hold requests (lib/rate-limit failFastRedis). */
  redis: Redis;
  sequelize: Sequelize;
  keyPrefix?: string;
  /**
   * How long an unfinished request holds its key; longer than the request timeout. Defaults to
   * the process config's `idempotency.lockTtlSeconds` (IDEMPOTENCY_LOCK_TTL_SECONDS, 60 s).
   */
  lockTtlMs?: number;
  /**
   * How long a completed answer is replayed, in Redis and in Postgres. Defaults to the
   * process config's `idempotency.retentionSeconds` (IDEMPOTENCY_RETENTION_SECONDS, 24 h).
   */
  retentionMs?: number;
  logger?: IdempotencyLogger;
}

export interface IdempotencyStore {
  begin(scope: IdempotencyScope): Promise<BeginOutcome>;
  complete(scope: IdempotencyScope, lockToken: string, response: StoredResponse): Promise<void>;
  release(scope: IdempotencyScope, lockToken: string): Promise<void>;
  purgeExpired(batch?: number): Promise<number>;
}

/**
 * SEC-IDEM-01/02: Postgres, with its UNIQUE (user, key), is the authority: a request runs only
 * after it has won the Postgres claim, so neither a lost Redis record nor a Redis outage can let
 * the same key run twice. Redis caches completed answers, so a replay is answered without
 * reading the stored response from Postgres. A new key costs one Postgres claim and, once
 * answered, one Redis write (an in-flight lock in Redis as well would cost two more round trips
 * on every new key and decide nothing Postgres does not).
 */
export function createIdempotencyStore(options: IdempotencyStoreOptions): IdempotencyStore {
  const lockTtlMs = options.lockTtlMs ?? config().idempotency.lockTtlSeconds * 1000;
  const retentionMs = options.retentionMs ?? config().idempotency.retentionSeconds * 1000;
  const pg = postgresRecords(options.sequelize);
  const cache = redisRecords(options.redis, options.keyPrefix ?? 'idem:');

  // Redis is an optimisation here: its failures are logged and Postgres carries on alone.
  const quietly = async <T>(what: string, op: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await op();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      options.logger?.warn(
        { action: `idempotency.redis.${what}`, result: 'failure', reason },
        'idempotency: Redis failed',
      );
      return undefined;
    }
  };

  return {
    async begin(scope) {
      const lockToken = randomUUID();
      if (await pg.claim(scope, lockToken, lockTtlMs)) return { kind: 'proceed', lockToken };

      // The key is live in Postgres: a replay of a completed answer is usually in Redis.
      const cached = await quietly('read', () => cache.read(scope));
      if (cached?.status === 'completed') return outcomeFor(cached, scope.fingerprint);
      const durable = await pg.find(scope);
      if (durable?.record.status === 'completed') {
        await quietly('store', () => cache.store(scope, durable.record, durable.ttlMs));
      }
      // Gone between the two statements (released after a 5xx): the client may simply retry.
      if (!durable) return { kind: 'in_flight' };
      return outcomeFor(durable.record, scope.fingerprint);
    },

    async complete(scope, lockToken, response) {
      if (!(await pg.complete(scope, lockToken, response, retentionMs))) {
        options.logger?.warn(
          { action: 'idempotency.complete', result: 'lock_lost' },
          'idempotency: lock expired before the request finished; answer not stored',
        );
        return;
      }
      const record = { status: 'completed' as const, fingerprint: scope.fingerprint, response };
      await quietly('store', () => cache.store(scope, record, retentionMs));
    },

    async release(scope, lockToken) {
      await pg.release(scope, lockToken);
    },

    purgeExpired: (batch) => pg.purgeExpired(batch),
  };
}
