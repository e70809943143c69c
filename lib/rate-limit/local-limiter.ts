import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitPolicy } from '../config/schema';
import { secondsFromMs } from './decision';
import type { SlidingWindow } from './redis-sliding-window';

/**
 * SEC-RATE-02 degraded mode: an in-process limiter per policy, used only while Redis is
 * unreachable. Fixed-window and per instance, so looser than the Redis limit, but never absent.
 */
export function localLimiter(): SlidingWindow {
  const limiters = new Map<string, RateLimiterMemory>();
  const limiterFor = (name: string, policy: RateLimitPolicy) => {
    const id = `${name}:${policy.limit}/${policy.windowSeconds}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterMemory({
        keyPrefix: name,
        points: policy.limit,
        duration: policy.windowSeconds,
      });
      limiters.set(id, limiter);
    }
    return limiter;
  };

  return async (policyName, policy, subject) => {
    let res: RateLimiterRes;
    let allowed = true;
    try {
      res = await limiterFor(policyName, policy).consume(subject);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      res = rejection;
      allowed = false;
    }
    return {
      allowed,
      limit: policy.limit,
      remaining: Math.max(0, res.remainingPoints),
      windowSeconds: policy.windowSeconds,
      resetSeconds: secondsFromMs(res.msBeforeNext),
      firstBreach: !allowed && res.consumedPoints === policy.limit + 1,
    };
  };
}
