import type { Redis } from 'ioredis';
import type { RateLimitPolicy, RateLimitPolicyName } from '../config/schema';
import type { LimitDecision } from './decision';
import { localLimiter } from './local-limiter';
import { redisHealthLog, type LimiterLogger } from './redis-health-log';
import { redisSlidingWindow } from './redis-sliding-window';

export type LimitOutcome =
  | { kind: 'decided'; source: 'redis' | 'local'; decision: LimitDecision }
  /** Redis is unreachable and the policy fails closed (SEC-RATE-02): answer 503. */
  | { kind: 'unavailable' };

export interface RateLimiter {
  readonly policies: Readonly<Record<RateLimitPolicyName, RateLimitPolicy>>;
  consume(policyName: RateLimitPolicyName, subject: string): Promise<LimitOutcome>;
}

export interface RateLimiterOptions {
  /** A fail-fast client (see failFastRedis): a dead Redis must cost milliseconds, not seconds. */
  redis: Redis;
  policies: Readonly<Record<RateLimitPolicyName, RateLimitPolicy>>;
  keyPrefix?: string;
  logger?: LimiterLogger;
}

/**
 * SEC-RATE-01/02: the named limits, counted in Redis; while Redis fails, each policy either
 * fails closed or falls back to an in-process limiter, as its config says.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { policies } = options;
  const shared = redisSlidingWindow(options.redis, options.keyPrefix);
  const local = localLimiter();
  const health = redisHealthLog(options.logger);

  return {
    policies,
    async consume(policyName, subject) {
      const policy = policies[policyName];
      if (!policy) throw new Error(`unknown rate-limit policy ${String(policyName)}`);
      try {
        const decision = await shared(policyName, policy, subject);
        health.answered();
        return { kind: 'decided', source: 'redis', decision };
      } catch (err) {
        health.failed(err);
      }
      if (policy.whenRedisDown === 'fail-closed') return { kind: 'unavailable' };
      return { kind: 'decided', source: 'local', decision: await local(policyName, policy, subject) };
    },
  };
}
