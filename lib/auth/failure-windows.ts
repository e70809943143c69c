import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimitPolicy } from '../config/schema';

/** A named policy: a subject may fail `limit` times per `windowSeconds`. */
export interface FailurePolicy {
  name: string;
  policy: RateLimitPolicy;
}

/** One attempt, counted as a failure from the moment it began. */
export interface PendingAttempt {
  id: string;
  /** Failures in the window, this attempt included. */
  count: number;
  /** Whole seconds until the oldest counted failure leaves the window. */
  retryAfterSeconds: number;
}

export interface FailureWindows {
  /** Counts an attempt at `nowMs` as a failure, until `forget` says it was not one. */
  begin(named: FailurePolicy, subject: string, nowMs: number): Promise<PendingAttempt>;
  /** Uncounts an attempt that succeeded, was refused, or never tested a secret. */
  forget(named: FailurePolicy, subject: string, attemptId: string): Promise<void>;
}

/**
 * Failed attempts at a secondary secret (SEC-AUTH-04's rules applied to step-ups), one sliding
 * window per subject and policy, in Redis sorted sets. An attempt counts from the moment it
 * begins, atomically with reading the count, so parallel guesses cannot all slip under the limit
 * before any of them has failed; the caller uncounts it when it was not a failure, so successful
 * step-ups never use the limit up. Time is the caller's clock (tests move it); keys hold a hash
 * of the subject. A Redis error propagates: the caller fails closed.
 */
export function failureWindows(redis: Redis, keyPrefix: string): FailureWindows {
  const keyOf = (name: string, subject: string) =>
    `${keyPrefix}step-up-failures:${name}:${createHash('sha256').update(subject).digest('base64url')}`;

  return {
    async begin({ name, policy }, subject, nowMs) {
      const key = keyOf(name, subject);
      const windowMs = policy.windowSeconds * 1000;
      const id = `${nowMs}:${randomBytes(9).toString('base64url')}`;
      const results = await redis
        .multi()
        .zremrangebyscore(key, '-inf', nowMs - windowMs)
        .zadd(key, nowMs, id)
        .pexpire(key, windowMs)
        .zcard(key)
        .zrange(key, '0', '0', 'WITHSCORES')
        .exec();
      if (!results || results.some(([err]) => err)) throw new Error('step-up attempt not counted');
      const oldest = Number((results[4]![1] as string[])[1] ?? nowMs);
      return {
        id,
        count: Number(results[3]![1]),
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - nowMs) / 1000)),
      };
    },
    async forget({ name }, subject, attemptId) {
      await redis.zrem(keyOf(name, subject), attemptId);
    },
  };
}
