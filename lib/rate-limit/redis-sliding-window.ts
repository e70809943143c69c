import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimitPolicy } from '../config/schema';
import { secondsFromMs, type LimitDecision } from './decision';
import { limitKeys } from './limit-key';
import { SLIDING_WINDOW_LUA } from './sliding-window-script';

const COMMAND = 'travelhubSlidingWindows';

type WithScript = Redis & { [COMMAND](...keysThenArgs: (string | number)[]): Promise<number[]> };

function withScript(redis: Redis): WithScript {
  const client = redis as WithScript;
  // numberOfKeys is given per call (first argument): one call may check several windows.
  if (typeof client[COMMAND] !== 'function') redis.defineCommand(COMMAND, { lua: SLIDING_WINDOW_LUA });
  return client;
}

/** One named policy a request is counted against. */
export interface NamedPolicy {
  name: string;
  policy: RateLimitPolicy;
}

/**
 * Consumes one request from `subject`'s window of every policy in Redis, all or none (see the
 * script), in one round trip. Decisions in the order of `policies`. Throws when Redis does.
 */
export type SlidingWindows = (policies: readonly NamedPolicy[], subject: string) => Promise<LimitDecision[]>;

/** One policy at a time: the local fallback and single-limit callers share this shape. */
export type SlidingWindow = (
  policyName: string,
  policy: RateLimitPolicy,
  subject: string,
) => Promise<LimitDecision>;

export function redisSlidingWindows(redis: Redis, keyPrefix = 'rl:'): SlidingWindows {
  const client = withScript(redis);
  return async (policies, subject) => {
    const keys: string[] = [];
    const args: (string | number)[] = [randomBytes(9).toString('base64url')];
    for (const { name, policy } of policies) {
      const k = limitKeys(keyPrefix, name, subject);
      keys.push(k.log, k.breach);
      args.push(policy.windowSeconds * 1000, policy.limit);
    }
    const reply = await client[COMMAND](keys.length, ...keys, ...args);
    return policies.map(({ policy }, i) => {
      const [allowed, count, resetMs, firstBreach] = reply.slice(4 * i, 4 * i + 4) as [
        number,
        number,
        number,
        number,
      ];
      return {
        allowed: allowed === 1,
        limit: policy.limit,
        remaining: Math.max(0, policy.limit - count),
        windowSeconds: policy.windowSeconds,
        resetSeconds: secondsFromMs(resetMs),
        firstBreach: firstBreach === 1,
      };
    });
  };
}

export function redisSlidingWindow(redis: Redis, keyPrefix = 'rl:'): SlidingWindow {
  const windows = redisSlidingWindows(redis, keyPrefix);
  return async (name, policy, subject) => (await windows([{ name, policy }], subject))[0]!;
}
