import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { normalizers } from '../crypto';

export interface FailureRecord {
  count: number;
  /** Epoch milliseconds of the last failure; 0 when there is none. */
  lastAt: number;
}

export interface LoginFailureStore {
  get(email: string): Promise<FailureRecord>;
  /** Counts one more failure at `nowMs` and returns the new record. */
  record(email: string, nowMs: number): Promise<FailureRecord>;
  clear(email: string): Promise<void>;
}

/**
 * Failed logins per login name, in Redis (SEC-AUTH-04). Counted for every name tried, whether
 * an account has it or not, so the delays and challenges it drives cannot tell which emails are
 * registered (SEC-AUTH-03). Keys hold a hash of the normalized email, never the email. A Redis
 * error propagates: the caller fails closed.
 */
export function loginFailureStore(redis: Redis, keyPrefix: string, memorySeconds: number): LoginFailureStore {
  const keyOf = (email: string) =>
    `${keyPrefix}login-failures:${createHash('sha256').update(normalizers.email(email)).digest('base64url')}`;
  const parse = (fields: Record<string, string>): FailureRecord => ({
    count: Number(fields.count ?? 0) || 0,
    lastAt: Number(fields.last ?? 0) || 0,
  });
  return {
    async get(email) {
      return parse(await redis.hgetall(keyOf(email)));
    },
    async record(email, nowMs) {
      const key = keyOf(email);
      const results = await redis
        .multi()
        .hincrby(key, 'count', 1)
        .hset(key, 'last', String(nowMs))
        .expire(key, memorySeconds)
        .exec();
      if (!results || results.some(([err]) => err)) throw new Error('login failure count not recorded');
      return { count: Number(results[0]![1]), lastAt: nowMs };
    },
    async clear(email) {
      await redis.del(keyOf(email));
    },
  };
}

export interface ThrottleRules {
  delayAfterFailures: number;
  delayBaseSeconds: number;
  delayMaxSeconds: number;
  challengeAfterFailures: number;
}

export type LoginGate =
  { kind: 'open'; challenge: boolean } | { kind: 'delayed'; retryAfterSeconds: number; challenge: boolean };

/**
 * SEC-AUTH-04 per account: from the `delayAfterFailures`-th failure on, each attempt must wait a
 * delay that doubles per failure (capped); from `challengeAfterFailures` on, it must also carry a
 * solved challenge. Neither locks a customer out: waiting and solving always get through.
 */
export function loginGate(failures: FailureRecord, nowMs: number, rules: ThrottleRules): LoginGate {
  const challenge = failures.count >= rules.challengeAfterFailures;
  if (failures.count < rules.delayAfterFailures) return { kind: 'open', challenge };
  const exponent = Math.min(failures.count - rules.delayAfterFailures, 20);
  const delaySeconds = Math.min(rules.delayBaseSeconds * 2 ** exponent, rules.delayMaxSeconds);
  const waitMs = failures.lastAt + delaySeconds * 1000 - nowMs;
  if (waitMs <= 0) return { kind: 'open', challenge };
  return { kind: 'delayed', retryAfterSeconds: Math.ceil(waitMs / 1000), challenge };
}
