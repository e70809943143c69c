import type { RateLimitPolicyName } from '../config/schema';
import { errors } from '../errors';
import type { LimitDecision } from './decision';
import { rateLimitHeaders } from './headers';
import type { RateLimitHit } from './hit-event';
import { subjectHash } from './limit-key';
import type { LimitOutcome, RateLimiter } from './rate-limiter';
import type { LimiterLogger } from './redis-health-log';

/** Raised on the first refusal per subject per window; wire it to the audit log (`rate_limit.hit`). */
export type ReportLimitHit = (hit: RateLimitHit) => void | Promise<void>;

function hitOf(
  policy: string,
  subject: string,
  decision: LimitDecision,
  source: 'redis' | 'local',
): RateLimitHit {
  const colon = subject.indexOf(':');
  return {
    policy,
    limit: decision.limit,
    windowSeconds: decision.windowSeconds,
    retryAfterSeconds: decision.resetSeconds,
    subjectKind: colon > 0 ? subject.slice(0, colon) : 'unknown',
    subjectHash: subjectHash(subject),
    source,
  };
}

async function report(
  hit: RateLimitHit,
  onHit: ReportLimitHit | undefined,
  logger: LimiterLogger | undefined,
) {
  logger?.warn({ action: 'rate_limit.hit', result: 'denied', ...hit }, 'rate limit exceeded');
  try {
    await onHit?.(hit);
  } catch (err) {
    // The 429 stands; a failing audit sink must not turn it into a 500.
    const reason = err instanceof Error ? err.message : String(err);
    logger?.warn({ action: 'rate_limit.audit', result: 'failure', reason }, 'rate-limit audit failed');
  }
}

/**
 * SEC-RATE-01/02 for one request: counts `subject` (`<kind>:<value>`, e.g. `email:a@b.example`)
 * against a named policy and returns the decision with its headers, or throws: 429 with
 * Retry-After and RateLimit headers when over; 503 when Redis is down for a fail-closed policy
 * or when the check itself fails (SEC-ERR-03). Usable from middleware and from services (the
 * per-account login limit needs the parsed body).
 */
export async function enforceRateLimit(
  limiter: RateLimiter,
  policyName: RateLimitPolicyName,
  subject: string,
  options: { onLimitExceeded?: ReportLimitHit; logger?: LimiterLogger } = {},
): Promise<{ decision: LimitDecision; headers: Record<string, string> }> {
  let outcome: LimitOutcome;
  try {
    outcome = await limiter.consume(policyName, subject);
  } catch {
    throw errors.unavailable();
  }
  if (outcome.kind === 'unavailable') throw errors.unavailable();

  const { decision, source } = outcome;
  const headers = rateLimitHeaders(decision);
  if (!decision.allowed) {
    if (decision.firstBreach)
      await report(hitOf(policyName, subject, decision, source), options.onLimitExceeded, options.logger);
    throw errors.tooManyRequests(decision.resetSeconds, headers);
  }
  return { decision, headers };
}
