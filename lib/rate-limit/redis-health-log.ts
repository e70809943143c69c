/** The logger calls the rate limiter makes; bunyan's Logger fits. */
export interface LimiterLogger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/**
 * Logs when Redis stops answering and when it answers again, instead of once per request:
 * during an outage every request would otherwise write a line.
 */
export function redisHealthLog(logger: LimiterLogger | undefined) {
  let down = false;
  return {
    failed(err: unknown) {
      if (down) return;
      down = true;
      const reason = err instanceof Error ? err.message : String(err);
      logger?.warn(
        { action: 'rate_limit.redis', result: 'unavailable', reason },
        'rate limits: Redis unreachable, degrading',
      );
    },
    answered() {
      if (!down) return;
      down = false;
      logger?.info({ action: 'rate_limit.redis', result: 'recovered' }, 'rate limits: Redis answering again');
    },
  };
}
