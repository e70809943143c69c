import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { guardRedis, type DependencyBreaker } from '../dependencies';
import { liveSecret } from './live-secret';
import { rereadPasswordOnConnect } from './redis-password';

export interface FailFastRedisOptions {
  /** Per-command deadline for a Redis that accepts commands but does not answer; default REDIS_COMMAND_TIMEOUT_MS. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  onError?: (err: Error) => void;
}

/**
 * A Redis client that fails fast instead of queueing while Redis is away (SEC-RATE-02): with no
 * offline queue and no per-request retries a dead Redis fails a command at once, and the command
 * timeout bounds a hung one. It keeps reconnecting in the background, so callers recover on their
 * own when Redis is back.
 */
/** `unix:///run/redis.sock` names a Unix socket (a Redis on the same host); else a redis(s):// URL. */
function socketPathOf(url: string): string | undefined {
  return url.startsWith('unix://') ? url.slice('unix://'.length) : undefined;
}

export function failFastRedis(redis: Config['redis'], options: FailFastRedisOptions = {}): Redis {
  const path = socketPathOf(redis.url);
  const settings = {
    username: redis.username,
    password: redis.passwordFile ? liveSecret(redis.passwordFile, redis.password)() : redis.password,
    tls: redis.tls.enabled
      ? { ca: redis.tls.caFile ? readFileSync(redis.tls.caFile, 'utf8') : undefined }
      : undefined,
    commandTimeout: options.commandTimeoutMs ?? redis.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs ?? 1_000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 1_000),
  };
  const client = path ? new Redis({ ...settings, path }) : new Redis(redis.url, settings);
  if (redis.passwordFile) rereadPasswordOnConnect(client, redis.passwordFile, redis.password);
  // Without a listener ioredis reports every failed reconnect as an unhandled error event.
  client.on('error', options.onError ?? (() => undefined));
  return client;
}

/**
 * The process's one Redis client, behind `breaker` when given. Fail-fast (no offline queue, no per-request retries): a dead
 * Redis costs a request milliseconds, which rate limits (SEC-RATE-02) and readiness both need.
 */
export function createRedis(config: Config, logger: Logger, breaker?: DependencyBreaker): Redis {
  // Without a listener ioredis prints connection errors to stderr; they belong in the log.
  const redis = failFastRedis(config.redis, {
    onError: (err) => logger.warn({ err, dependency: 'redis' }, 'redis connection error'),
  });
  // The API's (issue 20.2): a hung Redis costs the first requests the command timeout, the next none.
  return breaker ? guardRedis(redis, breaker) : redis;
}
