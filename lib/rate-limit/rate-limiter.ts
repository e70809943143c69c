import type { Redis } from 'ioredis';
import type { RateLimitPolicy, RateLimitPolicyName } from '../config/schema';
import type { LimitDecision } from './decision';
import { localLimiter } from './local-limiter';
import { redisHealthLog, type LimiterLogger } from './redis-health-log';
import { redisSlidingWindows } from './redis-sliding-window';

export type LimitOutcome =
  | { kind: 'decided'; source: 'redis' | 'local'; decision: LimitDecision }
  /** Redis is unreachable and the policy fails closed (SEC-RATE-02): answer 503. */
  | { kind: 'unavailable' };

/** Several limits of one request: one decision per policy, in the order asked. */
export type LimitsOutcome =
  { kind: 'decided'; source: 'redis' | 'local'; decisions: LimitDecision[] } | { kind: 'unavailable' };

export interface RateLimiter {
  readonly policies: Readonly<Record<RateLimitPolicyName, RateLimitPolicy>>;
  consume(policyName: RateLimitPolicyName, subject: string): Promise<LimitOutcome>;
  /** Counts the request against every policy or none: a refusal by one never spends the others. */
  consumeAll(policyNames: readonly RateLimitPolicyName[], subject: string): Promise<LimitsOutcome>;
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
  const shared = redisSlidingWindows(options.redis, options.keyPrefix);
  const local = localLimiter();
  const health = redisHealthLog(options.logger);

  const policyOf = (name: RateLimitPolicyName) => {
    const policy = policies[name];
    if (!policy) throw new Error(`unknown rate-limit policy ${String(name)}`);
    return { name, policy };
  };

  // Degraded mode, one policy after the other, stopping at the first refusal.
  async function locally(named: ReturnType<typeof policyOf>[], subject: string) {
    const decisions: LimitDecision[] = [];
    for (const { name, policy } of named) {
      const decision = await local(name, policy, subject);
      decisions.push(decision);
      if (!decision.allowed) break;
    }
    return decisions;
  }

  const limiter: RateLimiter = {
    policies,
    async consumeAll(policyNames, subject) {
      const named = policyNames.map(policyOf);
      try {
        const decisions = await shared(named, subject);
        health.answered();
        return { kind: 'decided', source: 'redis', decisions };
      } catch (err) {
        health.failed(err);
      }
      if (named.some(({ policy }) => policy.whenRedisDown === 'fail-closed')) return { kind: 'unavailable' };
      return { kind: 'decided', source: 'local', decisions: await locally(named, subject) };
    },
    async consume(policyName, subject) {
      const outcome = await limiter.consumeAll([policyName], subject);
      if (outcome.kind === 'unavailable') return outcome;
      return { kind: 'decided', source: outcome.source, decision: outcome.decisions[0]! };
    },
  };
  return limiter;
}
