import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { createAuditWriter } from '../../lib/audit';
import type { Config } from '../../lib/config';
import type { Logger } from '../../lib/logger';
import { createRateLimiter } from '../../lib/rate-limit';
import { auditLimitHits, countedWithGlobal, createRateLimit } from '../middleware/rate-limit';
import type { OnAccessDenied } from '../middleware/require-permission';
import type { AppMiddleware } from '../state';
import { auditAccessDenials } from './access-denied-audit';

export interface PlatformGuards {
  /** App-wide middleware: the overall per-IP limit of SEC-RATE-01. */
  middleware: AppMiddleware[];
  onAccessDenied: OnAccessDenied;
  /** For routes' own limits (login, search, bookings, …). */
  rateLimit: ReturnType<typeof createRateLimit>;
  /**
   * Resolves once the limiter's Redis is connected. The client has no offline queue, so before
   * that every limit takes its Redis-down path: await this before accepting traffic.
   */
  ready(timeoutMs: number): Promise<void>;
}

function redisReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`rate-limit redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/**
 * The security mechanisms every request passes through, built on the process's real clients
 * (its Redis is fail-fast, SEC-RATE-02): rate limits and synchronous audit writes for refusals.
 */
export function platformGuards(
  config: Config,
  { sequelize, redis }: { sequelize: Sequelize; redis: Redis },
  logger: Logger,
): PlatformGuards {
  const audit = createAuditWriter(sequelize);
  const limiter = createRateLimiter({ redis, policies: config.rateLimits, logger });
  const limits = { limiter, onLimitExceeded: auditLimitHits(audit), logger };
  const rateLimit = createRateLimit(limits);
  return {
    middleware: [countedWithGlobal(limits, 'globalPerIp') as AppMiddleware],
    onAccessDenied: auditAccessDenials(audit),
    rateLimit,
    ready: (timeoutMs) => redisReady(redis, timeoutMs),
  };
}
