import type { Config, RateLimitPolicyName } from './schema';
import { RATE_LIMIT_DEFAULTS, rateLimitVariable } from './schema';

/**
 * Every number SECURITY.md fixes that a variable could loosen, as production accepts it: the
 * requirement's number or stricter. Where the requirement only asks for the thing (a timeout, a
 * challenge, a block "for a period"), the shipped default is the reviewed number and the bound.
 * Development and test may loosen them (the test profile raises rate limits), production may not.
 */
interface SecurityBound {
  requirement: string;
  variable: string;
  value: (config: Config) => number | undefined;
  atMost?: number;
  atLeast?: number;
}

/** Which requirement each rate limit belongs to; the type makes a new policy name its own. */
const RATE_LIMIT_REQUIREMENTS: Record<RateLimitPolicyName, string> = {
  globalPerIp: 'SEC-RATE-01',
  loginPerIp: 'SEC-AUTH-04',
  loginPerAccount: 'SEC-AUTH-04',
  stepUpPerUser: 'SEC-AUTH-04',
  stepUpPerSession: 'SEC-AUTH-04',
  signupPerIp: 'SEC-AUTH-07',
  resetPerEmail: 'SEC-AUTH-05',
  resetPerIp: 'SEC-AUTH-05',
  search: 'SEC-RATE-01',
  bookings: 'SEC-RATE-01',
  bookingChanges: 'SEC-RATE-01',
  payments: 'SEC-PAY-06',
  reviews: 'SEC-RATE-01',
  privacyExports: 'SEC-PRIV-01',
};

/** No more requests than the limit in any window of the required length: limit ≤ N and window ≥ W. */
function rateLimitBounds(): SecurityBound[] {
  return (Object.keys(RATE_LIMIT_DEFAULTS) as RateLimitPolicyName[]).flatMap((name) => {
    const requirement = RATE_LIMIT_REQUIREMENTS[name];
    const variable = rateLimitVariable(name);
    const { limit, windowSeconds } = RATE_LIMIT_DEFAULTS[name];
    return [
      { requirement, variable: `${variable} limit`, value: (c) => c.rateLimits[name].limit, atMost: limit },
      {
        requirement,
        variable: `${variable} window`,
        value: (c) => c.rateLimits[name].windowSeconds,
        atLeast: windowSeconds,
      },
    ];
  });
}

const altcha = (c: Config) => (c.accounts.captcha.provider === 'altcha' ? c.accounts.captcha : undefined);
const siteverify = (c: Config) =>
  c.accounts.captcha.provider === 'siteverify' ? c.accounts.captcha : undefined;

export const SECURITY_BOUNDS: readonly SecurityBound[] = [
  // prettier-ignore
  ...[
    { requirement: 'SEC-AUTH-01', variable: 'ARGON2_MEMORY_KIB', value: (c) => c.accounts.argon2.memoryKiB, atLeast: 19_456 },
    { requirement: 'SEC-AUTH-01', variable: 'ARGON2_TIME_COST', value: (c) => c.accounts.argon2.timeCost, atLeast: 2 },
    { requirement: 'SEC-AUTH-04', variable: 'LOGIN_DELAY_AFTER_FAILURES', value: (c) => c.accounts.delayAfterFailures, atMost: 3 },
    { requirement: 'SEC-AUTH-04', variable: 'LOGIN_DELAY_MAX_SECONDS', value: (c) => c.accounts.delayMaxSeconds, atLeast: 60 },
    { requirement: 'SEC-AUTH-04', variable: 'LOGIN_CHALLENGE_AFTER_FAILURES', value: (c) => c.accounts.challengeAfterFailures, atMost: 5 },
    { requirement: 'SEC-AUTH-04', variable: 'LOGIN_FAILURE_MEMORY_SECONDS', value: (c) => c.accounts.failureMemorySeconds, atLeast: 3_600 },
    { requirement: 'SEC-AUTH-04', variable: 'ADMIN_LOCK_AFTER_FAILURES', value: (c) => c.accounts.adminLockAfterFailures, atMost: 10 },
    { requirement: 'SEC-AUTH-04', variable: 'ADMIN_LOCK_SECONDS', value: (c) => c.accounts.adminLockSeconds, atLeast: 1_800 },
    { requirement: 'SEC-AUTH-04', variable: 'ALTCHA_MAX_NUMBER', value: (c) => altcha(c)?.maxNumber, atLeast: 100_000 },
    { requirement: 'SEC-AUTH-04', variable: 'ALTCHA_TTL_SECONDS', value: (c) => altcha(c)?.ttlSeconds, atMost: 300 },
    { requirement: 'SEC-AUTH-05', variable: 'RESET_TOKEN_TTL_SECONDS', value: (c) => c.accounts.resetTokenTtlSeconds, atMost: 3_600 },
    { requirement: 'SEC-SESS-02', variable: 'ACCESS_TOKEN_TTL_SECONDS', value: (c) => c.sessions.accessTtlSeconds, atMost: 900 },
    { requirement: 'SEC-SESS-03', variable: 'REFRESH_TOKEN_TTL_SECONDS', value: (c) => c.sessions.refreshTtlSeconds, atMost: 604_800 },
    { requirement: 'SEC-SESS-04', variable: 'SESSION_IDLE_TIMEOUT_SECONDS', value: (c) => c.sessions.idleTimeoutSeconds, atMost: 1_800 },
    { requirement: 'SEC-SESS-04', variable: 'SESSION_CUSTOMER_LIFETIME_SECONDS', value: (c) => c.sessions.customerLifetimeSeconds, atMost: 604_800 },
    { requirement: 'SEC-SESS-04', variable: 'SESSION_ADMIN_LIFETIME_SECONDS', value: (c) => c.sessions.adminLifetimeSeconds, atMost: 43_200 },
    { requirement: 'SEC-SESS-05', variable: 'SESSION_MAX_PER_USER', value: (c) => c.sessions.maxPerUser, atMost: 5 },
    { requirement: 'SEC-WEB-03', variable: 'HSTS_MAX_AGE_SECONDS', value: (c) => c.api.hstsMaxAgeSeconds, atLeast: 31_536_000 },
    { requirement: 'SEC-VAL-03', variable: 'BODY_LIMIT_BYTES', value: (c) => c.api.bodyLimitBytes, atMost: 1_048_576 },
    { requirement: 'SEC-VAL-03', variable: 'MAX_JSON_DEPTH', value: (c) => c.api.maxJsonDepth, atMost: 5 },
    { requirement: 'SEC-VAL-03', variable: 'MAX_ARRAY_LENGTH', value: (c) => c.api.maxArrayLength, atMost: 100 },
    { requirement: 'SEC-VAL-03', variable: 'MAX_STRING_LENGTH', value: (c) => c.api.maxStringLength, atMost: 10_000 },
    { requirement: 'SEC-PAY-03', variable: 'STRIPE_WEBHOOK_TOLERANCE_SECONDS', value: (c) => c.stripe.webhookToleranceSeconds, atMost: 300 },
    { requirement: 'SEC-PAY-04', variable: 'REFUND_APPROVAL_THRESHOLD_MINOR', value: (c) => c.refunds.approvalThresholdMinor, atMost: 50_000 },
    { requirement: 'SEC-PAY-06', variable: 'PAYMENT_DECLINE_LIMIT', value: (c) => c.cardTesting.declineLimit, atMost: 3 },
    { requirement: 'SEC-PAY-06', variable: 'PAYMENT_DECLINE_WINDOW_SECONDS', value: (c) => c.cardTesting.declineWindowSeconds, atLeast: 3_600 },
    { requirement: 'SEC-PAY-06', variable: 'PAYMENT_BLOCK_SECONDS', value: (c) => c.cardTesting.blockSeconds, atLeast: 86_400 },
    { requirement: 'SEC-IDEM-01', variable: 'IDEMPOTENCY_RETENTION_SECONDS', value: (c) => c.idempotency.retentionSeconds, atLeast: 86_400 },
    // Retention: personal data no longer than SECURITY.md's periods, security logs no shorter.
    { requirement: 'SEC-PRIV-02', variable: 'SOFT_DELETED_ACCOUNT_RETENTION_DAYS', value: (c) => c.retention.softDeletedAccountDays, atMost: 30 },
    { requirement: 'SEC-PRIV-03', variable: 'BOOKING_ACTIVE_DAYS_AFTER_TRIP', value: (c) => c.retention.bookingActiveDaysAfterTrip, atMost: 90 },
    { requirement: 'SEC-PRIV-03', variable: 'COMPLETED_BOOKING_RETENTION_YEARS', value: (c) => c.retention.completedBookingYears, atMost: 7 },
    { requirement: 'SEC-LOG-05', variable: 'SECURITY_LOG_RETENTION_MONTHS', value: (c) => c.retention.securityLogMonths, atLeast: 12 },
    { requirement: 'SEC-LOG-05', variable: 'SECURITY_LOG_QUERYABLE_MONTHS', value: (c) => c.retention.securityLogQueryableMonths, atLeast: 3 },
    { requirement: 'SEC-RATE-03', variable: 'DATABASE_POOL_MAX', value: (c) => c.database.poolMax, atMost: 50 },
    { requirement: 'SEC-RATE-03', variable: 'DATABASE_ACQUIRE_TIMEOUT_MS', value: (c) => c.database.acquireTimeoutMs, atMost: 30_000 },
    { requirement: 'SEC-RATE-03', variable: 'DATABASE_STATEMENT_TIMEOUT_MS', value: (c) => c.database.statementTimeoutMs, atMost: 60_000 },
    { requirement: 'SEC-RATE-03', variable: 'REQUEST_TIMEOUT_MS', value: (c) => c.api.requestTimeoutMs, atMost: 30_000 },
    { requirement: 'SEC-RATE-03', variable: 'OUTBOUND_TIMEOUT_MS', value: (c) => c.outboundTimeoutMs, atMost: 10_000 },
    { requirement: 'SEC-RATE-03', variable: 'REDIS_COMMAND_TIMEOUT_MS', value: (c) => c.redis.commandTimeoutMs, atMost: 2_000 },
    { requirement: 'SEC-RATE-03', variable: 'OPENSEARCH_TIMEOUT_MS', value: (c) => c.opensearch.requestTimeoutMs, atMost: 10_000 },
    { requirement: 'SEC-RATE-03', variable: 'STRIPE_TIMEOUT_MS', value: (c) => c.stripe.timeoutMs, atMost: 10_000 },
    { requirement: 'SEC-RATE-03', variable: 'SMTP_TIMEOUT_MS', value: (c) => c.smtp.timeoutMs, atMost: 10_000 },
    { requirement: 'SEC-RATE-03', variable: 'PASSWORD_BREACH_CHECK_TIMEOUT_MS', value: (c) => c.accounts.breachCheck.timeoutMs, atMost: 3_000 },
    { requirement: 'SEC-RATE-03', variable: 'CAPTCHA_TIMEOUT_MS', value: (c) => siteverify(c)?.timeoutMs, atMost: 3_000 },
    { requirement: 'SEC-RATE-03', variable: 'DEPENDENCY_POSTGRES_TIMEOUT_MS', value: (c) => c.dependencies.postgresTimeoutMs, atMost: 30_000 },
    { requirement: 'SEC-RATE-03', variable: 'DEPENDENCY_OPENSEARCH_TIMEOUT_MS', value: (c) => c.dependencies.opensearchTimeoutMs, atMost: 10_000 },
    { requirement: 'SEC-RATE-03', variable: 'DEPENDENCY_TEMPORAL_TIMEOUT_MS', value: (c) => c.dependencies.temporalTimeoutMs, atMost: 10_000 },
    { requirement: 'SEC-SUP-02', variable: 'SUPPLIER_TIMEOUT_MS', value: (c) => c.supplier.timeoutMs, atMost: 10_000 },
  ] satisfies SecurityBound[],
  ...rateLimitBounds(),
];

/** Adds a problem for each value looser than its requirement's number. */
export function checkSecurityBounds(problems: string[], config: Config): void {
  for (const bound of SECURITY_BOUNDS) {
    const value = bound.value(config);
    if (value === undefined) continue;
    if (bound.atMost !== undefined && value > bound.atMost) {
      problems.push(
        `${bound.variable} ${value} is looser than ${bound.requirement}: at most ${bound.atMost}`,
      );
    }
    if (bound.atLeast !== undefined && value < bound.atLeast) {
      problems.push(
        `${bound.variable} ${value} is looser than ${bound.requirement}: at least ${bound.atLeast}`,
      );
    }
  }
}
