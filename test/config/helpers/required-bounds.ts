/**
 * SECURITY.md's numbers, written out here from the requirement text and not read from lib/config,
 * so that loosening a default, a parser limit or a production-guard line shows as a failure.
 * Where the requirement only asks for the thing ("a timeout", "a challenge", "for a period"), the
 * number is the shipped default, which production may not loosen either.
 */
export interface RequiredBound {
  /** The variable that sets it; `RATE_LIMIT_*` take `<limit>/<windowSeconds>`. */
  variable: string;
  /** Where it lands in the loaded config. */
  path: string;
  /** The requirement's number: production accepts this or stricter only. */
  bound: number;
  /** `max`: a larger value is looser; `min`: a smaller one is. */
  kind: 'max' | 'min';
  /** The default when it is stricter than the bound (else the default is the bound). */
  fallback?: number;
  /** Variables the setting needs to exist at all (the siteverify provider's timeout). */
  with?: NodeJS.ProcessEnv;
  /** The variable's text for a number (a rate limit keeps its other half at the requirement). */
  format?: (value: number) => string;
}

const max = (variable: string, path: string, bound: number, fallback?: number): RequiredBound => ({
  variable,
  path,
  bound,
  kind: 'max',
  fallback,
});
const min = (variable: string, path: string, bound: number): RequiredBound => ({
  variable,
  path,
  bound,
  kind: 'min',
});

/** A rate limit: never more than `limit` requests in any window of `windowSeconds`. */
function rate(policy: string, variable: string, limit: number, windowSeconds: number): RequiredBound[] {
  return [
    { ...max(variable, `rateLimits.${policy}.limit`, limit), format: (n) => `${n}/${windowSeconds}` },
    { ...min(variable, `rateLimits.${policy}.windowSeconds`, windowSeconds), format: (n) => `${limit}/${n}` },
  ];
}

/** Each SEC id: the test title's claim and its bounds. */
export const REQUIRED_BOUNDS: Record<string, { claim: string; bounds: RequiredBound[] }> = {
  'SEC-AUTH-01': {
    claim: 'Argon2id under 19 MiB or t=2',
    bounds: [
      min('ARGON2_MEMORY_KIB', 'accounts.argon2.memoryKiB', 19_456),
      min('ARGON2_TIME_COST', 'accounts.argon2.timeCost', 2),
    ],
  },
  'SEC-AUTH-04': {
    claim:
      'login limits over 10 / 15 min per IP and per account, a delay later than 3 failures or a challenge later than 5, an admin lock later than 10 or shorter than 30 min, weaker step-up limits or a weaker challenge',
    bounds: [
      ...rate('loginPerIp', 'RATE_LIMIT_LOGIN_PER_IP', 10, 900),
      ...rate('loginPerAccount', 'RATE_LIMIT_LOGIN_PER_ACCOUNT', 10, 900),
      ...rate('stepUpPerUser', 'RATE_LIMIT_STEP_UP_PER_USER', 10, 900),
      ...rate('stepUpPerSession', 'RATE_LIMIT_STEP_UP_PER_SESSION', 5, 604_800),
      max('LOGIN_DELAY_AFTER_FAILURES', 'accounts.delayAfterFailures', 3),
      min('LOGIN_DELAY_MAX_SECONDS', 'accounts.delayMaxSeconds', 60),
      max('LOGIN_CHALLENGE_AFTER_FAILURES', 'accounts.challengeAfterFailures', 5),
      min('LOGIN_FAILURE_MEMORY_SECONDS', 'accounts.failureMemorySeconds', 3_600),
      max('ADMIN_LOCK_AFTER_FAILURES', 'accounts.adminLockAfterFailures', 10),
      min('ADMIN_LOCK_SECONDS', 'accounts.adminLockSeconds', 1_800),
      min('ALTCHA_MAX_NUMBER', 'accounts.captcha.maxNumber', 100_000),
      max('ALTCHA_TTL_SECONDS', 'accounts.captcha.ttlSeconds', 300),
    ],
  },
  'SEC-AUTH-05': {
    claim: 'a reset token living over 1 h or reset limits over 3 / h per email and per IP',
    bounds: [
      max('RESET_TOKEN_TTL_SECONDS', 'accounts.resetTokenTtlSeconds', 3_600),
      ...rate('resetPerEmail', 'RATE_LIMIT_RESET_PER_EMAIL', 3, 3_600),
      ...rate('resetPerIp', 'RATE_LIMIT_RESET_PER_IP', 3, 3_600),
    ],
  },
  'SEC-AUTH-07': {
    claim: 'a signup limit over 5 / h per IP',
    bounds: rate('signupPerIp', 'RATE_LIMIT_SIGNUP_PER_IP', 5, 3_600),
  },
  'SEC-SESS-02': {
    claim: 'an access token lifetime over 15 minutes',
    bounds: [max('ACCESS_TOKEN_TTL_SECONDS', 'sessions.accessTtlSeconds', 900)],
  },
  'SEC-SESS-03': {
    claim: 'a refresh token family over 7 days',
    bounds: [max('REFRESH_TOKEN_TTL_SECONDS', 'sessions.refreshTtlSeconds', 604_800)],
  },
  'SEC-SESS-04': {
    claim:
      'an idle timeout over 30 minutes or a session over 7 days (customers) or 12 hours (administrators)',
    bounds: [
      max('SESSION_IDLE_TIMEOUT_SECONDS', 'sessions.idleTimeoutSeconds', 1_800),
      max('SESSION_CUSTOMER_LIFETIME_SECONDS', 'sessions.customerLifetimeSeconds', 604_800),
      max('SESSION_ADMIN_LIFETIME_SECONDS', 'sessions.adminLifetimeSeconds', 43_200),
    ],
  },
  'SEC-SESS-05': {
    claim: 'more than 5 sessions per user',
    bounds: [max('SESSION_MAX_PER_USER', 'sessions.maxPerUser', 5)],
  },
  'SEC-WEB-03': {
    claim: 'HSTS under one year',
    bounds: [min('HSTS_MAX_AGE_SECONDS', 'api.hstsMaxAgeSeconds', 31_536_000)],
  },
  'SEC-VAL-03': {
    claim: 'a body over 1 MiB, nesting over 5, arrays over 100 or strings over 10,000',
    bounds: [
      max('BODY_LIMIT_BYTES', 'api.bodyLimitBytes', 1_048_576),
      max('MAX_JSON_DEPTH', 'api.maxJsonDepth', 5),
      max('MAX_ARRAY_LENGTH', 'api.maxArrayLength', 100),
      max('MAX_STRING_LENGTH', 'api.maxStringLength', 10_000),
    ],
  },
  'SEC-PAY-03': {
    claim: 'a webhook signature tolerance over 300 s',
    bounds: [max('STRIPE_WEBHOOK_TOLERANCE_SECONDS', 'stripe.webhookToleranceSeconds', 300)],
  },
  'SEC-PAY-04': {
    claim: 'a single-approver refund threshold over 500.00',
    bounds: [max('REFUND_APPROVAL_THRESHOLD_MINOR', 'refunds.approvalThresholdMinor', 50_000)],
  },
  'SEC-PAY-06': {
    claim: 'payments over 5 / 15 min per user or a weaker decline block',
    bounds: [
      ...rate('payments', 'RATE_LIMIT_PAYMENTS', 5, 900),
      max('PAYMENT_DECLINE_LIMIT', 'cardTesting.declineLimit', 3),
      min('PAYMENT_DECLINE_WINDOW_SECONDS', 'cardTesting.declineWindowSeconds', 3_600),
      min('PAYMENT_BLOCK_SECONDS', 'cardTesting.blockSeconds', 86_400),
    ],
  },
  'SEC-IDEM-01': {
    claim: 'a replay window under 24 h',
    bounds: [min('IDEMPOTENCY_RETENTION_SECONDS', 'idempotency.retentionSeconds', 86_400)],
  },
  'SEC-PRIV-01': {
    claim: 'more than 5 exports a day per user',
    bounds: rate('privacyExports', 'RATE_LIMIT_PRIVACY_EXPORTS', 5, 86_400),
  },
  'SEC-PRIV-02': {
    claim: 'an erasure grace over 30 days',
    bounds: [max('SOFT_DELETED_ACCOUNT_RETENTION_DAYS', 'retention.softDeletedAccountDays', 30)],
  },
  'SEC-PRIV-03': {
    claim: 'a booking kept whole over 90 days after its trip or a completed one over 7 years',
    bounds: [
      max('BOOKING_ACTIVE_DAYS_AFTER_TRIP', 'retention.bookingActiveDaysAfterTrip', 90),
      max('COMPLETED_BOOKING_RETENTION_YEARS', 'retention.completedBookingYears', 7),
    ],
  },
  'SEC-LOG-05': {
    claim: 'security logs kept under 12 months or fewer than the last 3 queryable',
    bounds: [
      min('SECURITY_LOG_RETENTION_MONTHS', 'retention.securityLogMonths', 12),
      min('SECURITY_LOG_QUERYABLE_MONTHS', 'retention.securityLogQueryableMonths', 3),
    ],
  },
  'SEC-RATE-01': {
    claim: 'limits over 1,000/min per IP, search 100/min, bookings 10/h or reviews 10/day',
    bounds: [
      ...rate('globalPerIp', 'RATE_LIMIT_GLOBAL_PER_IP', 1_000, 60),
      ...rate('search', 'RATE_LIMIT_SEARCH', 100, 60),
      ...rate('bookings', 'RATE_LIMIT_BOOKINGS', 10, 3_600),
      ...rate('bookingChanges', 'RATE_LIMIT_BOOKING_CHANGES', 10, 3_600),
      ...rate('reviews', 'RATE_LIMIT_REVIEWS', 10, 86_400),
    ],
  },
  'SEC-RATE-03': {
    claim:
      'a pool over 50, an acquire over 30 s, a statement over 60 s or a longer request or outbound timeout',
    bounds: [
      max('DATABASE_POOL_MAX', 'database.poolMax', 50, 20),
      max('DATABASE_ACQUIRE_TIMEOUT_MS', 'database.acquireTimeoutMs', 30_000),
      max('DATABASE_STATEMENT_TIMEOUT_MS', 'database.statementTimeoutMs', 60_000),
      max('REQUEST_TIMEOUT_MS', 'api.requestTimeoutMs', 30_000),
      max('OUTBOUND_TIMEOUT_MS', 'outboundTimeoutMs', 10_000),
      max('REDIS_COMMAND_TIMEOUT_MS', 'redis.commandTimeoutMs', 2_000),
      max('OPENSEARCH_TIMEOUT_MS', 'opensearch.requestTimeoutMs', 10_000),
      max('STRIPE_TIMEOUT_MS', 'stripe.timeoutMs', 10_000),
      max('SMTP_TIMEOUT_MS', 'smtp.timeoutMs', 10_000),
      max('PASSWORD_BREACH_CHECK_TIMEOUT_MS', 'accounts.breachCheck.timeoutMs', 3_000),
      {
        ...max('CAPTCHA_TIMEOUT_MS', 'accounts.captcha.timeoutMs', 3_000),
        with: { CAPTCHA_PROVIDER: 'siteverify', CAPTCHA_VERIFY_URL: 'https://captcha.example/siteverify' },
      },
    ],
  },
  'SEC-SUP-02': {
    claim: 'a supplier timeout over 10 s',
    bounds: [max('SUPPLIER_TIMEOUT_MS', 'supplier.timeoutMs', 10_000)],
  },
};
