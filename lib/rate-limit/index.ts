export type { LimitDecision } from './decision';
export { SLIDING_WINDOW_LUA } from './sliding-window-script';
export { subjectHash, limitKeys } from './limit-key';
export {
  redisSlidingWindow,
  redisSlidingWindows,
  type NamedPolicy,
  type SlidingWindow,
  type SlidingWindows,
} from './redis-sliding-window';
export { localLimiter } from './local-limiter';
export {
  createRateLimiter,
  type RateLimiter,
  type RateLimiterOptions,
  type LimitOutcome,
} from './rate-limiter';
export { failFastRedis, type FailFastRedisOptions } from '../clients/redis';
export type { RateLimitHit } from './hit-event';
export type { LimiterLogger } from './redis-health-log';
export { rateLimitHeaders } from './headers';
export { enforceRateLimit, type ReportLimitHit } from './enforce';
export { rateLimitAuditEvent, type HitOrigin } from './audit-event';
