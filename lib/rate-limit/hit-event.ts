/**
 * What the rate limiter reports on a refusal (SEC-RATE-01 audit event, SEC-LOG-03). Raised once
 * per subject per window, not per refused request, so a flood cannot flood the audit log. The
 * subject is hashed: it may be an email address.
 */
export interface RateLimitHit {
  policy: string;
  limit: number;
  windowSeconds: number;
  retryAfterSeconds: number;
  /** The kind of subject counted: ip, user, email, … */
  subjectKind: string;
  subjectHash: string;
  /** 'local' while Redis is down and the in-process limiter decided. */
  source: 'redis' | 'local';
}
