import type { RateLimitPolicyName } from '../config/schema';
import { errors } from '../errors';
import type { LimitDecision } from './decision';
import { rateLimitHeaders } from './headers';
import type { RateLimitHit } from './hit-event';
import { subjectHash } from './limit-key';
import type { LimitsOutcome, RateLimiter } from './rate-limiter';
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

/** The limit a refused request hit: a full window (the others refused only along with it), the latest to free up. */
function refusing(decisions: LimitDecision[]): number {
  let worst = -1;
  decisions.forEach((d, i) => {
    if (d.allowed || d.remaining > 0) return;
    if (worst < 0 || d.resetSeconds >= decisions[worst]!.resetSeconds) worst = i;
  });
  return worst >= 0 ? worst : decisions.findIndex((d) => !d.allowed);
}

/** The admitted request's tightest limit: the fewest requests left. */
function tightest(decisions: LimitDecision[]): LimitDecision {
  return decisions.reduce((a, b) => (b.remaining <= a.remaining ? b : a));
}

/**
 * SEC-RATE-01/02 for one request: counts `subject` (`<kind>:<value>`, e.g. `email:a@b.example`)
 * against one or more named policies, all or none, in one Redis round trip, and returns the
 * decisions with the headers of the tightest limit, or throws: 429 with Retry-After and
 * RateLimit headers when over; 503 when Redis is down for a fail-closed policy or when the
 * check itself fails (SEC-ERR-03). Usable from middleware and from services (the per-account
 * login limit needs the parsed body).
 */
export async function enforceRateLimit(
  limiter: RateLimiter,
  policyNames: RateLimitPolicyName | readonly RateLimitPolicyName[],
  subject: string,
  options: { onLimitExceeded?: ReportLimitHit; logger?: LimiterLogger } = {},
): Promise<{ decisions: LimitDecision[]; headers: Record<string, string> }> {
  const names = typeof policyNames === 'string' ? [policyNames] : policyNames;
  let outcome: LimitsOutcome;
  try {
    outcome = await limiter.consumeAll(names, subject);
  } catch {
    throw errors.unavailable();
  }
  if (outcome.kind === 'unavailable') throw errors.unavailable();

  const { decisions, source } = outcome;
  if (decisions.every((d) => d.allowed)) return { decisions, headers: rateLimitHeaders(tightest(decisions)) };
  for (const [i, decision] of decisions.entries()) {
    if (decision.firstBreach)
      await report(hitOf(names[i]!, subject, decision, source), options.onLimitExceeded, options.logger);
  }
  const refused = decisions[refusing(decisions)]!;
  throw errors.tooManyRequests(refused.resetSeconds, rateLimitHeaders(refused));
}
