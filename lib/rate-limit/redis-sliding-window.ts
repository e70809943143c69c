import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimitPolicy } from '../config/schema';
import { secondsFromMs, type LimitDecision } from './decision';
import { limitKeys } from './limit-key';
import { SLIDING_WINDOW_LUA } from './sliding-window-script';

const COMMAND = 'travelhubSlidingWindow';

type ScriptReply = [number, number, number, number];
type WithScript = Redis & {
  [COMMAND](log: string, breach: string, windowMs: number, limit: number, id: string): Promise<ScriptReply>;
};

function withScript(redis: Redis): WithScript {
  const client = redis as WithScript;
  if (typeof client[COMMAND] !== 'function')
    redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: SLIDING_WINDOW_LUA });
  return client;
}

/** Consumes one request from `subject`'s window of `policy` in Redis. Throws when Redis does. */
export type SlidingWindow = (
  policyName: string,
  policy: RateLimitPolicy,
  subject: string,
) => Promise<LimitDecision>;

export function redisSlidingWindow(redis: Redis, keyPrefix = 'rl:'): SlidingWindow {
  const client = withScript(redis);
  return async (policyName, policy, subject) => {
    const keys = limitKeys(keyPrefix, policyName, subject);
    const id = randomBytes(9).toString('base64url');
    const windowMs = policy.windowSeconds * 1000;
    const [allowed, count, resetMs, firstBreach] = await client[COMMAND](
      keys.log,
      keys.breach,
      windowMs,
      policy.limit,
      id,
    );
    return {
      allowed: allowed === 1,
      limit: policy.limit,
      remaining: Math.max(0, policy.limit - count),
      windowSeconds: policy.windowSeconds,
      resetSeconds: secondsFromMs(resetMs),
      firstBreach: firstBreach === 1,
    };
  };
}
