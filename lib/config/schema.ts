/** The shape of the platform's configuration. Built by load.ts, checked by production-guard.ts. */
import type { KeyRotationConfig } from './key-rotation';
import type { KeyStoreConfig } from './key-store';
import type { WebAppConfig } from './web-app';
import type { RetentionConfig } from './retention';
import type { SessionsConfig } from './sessions';
import type { BenchRoutes } from './bench-routes';
import type { TestFaults } from './test-faults';
import type { DependenciesConfig } from './dependencies';
export type Environment = 'development' | 'test' | 'production';

/** Where a Postgres database is and the passwords of its two roles (the app's and the admin's). */
export interface DatabaseAddress {
  url: string;
  adminUrl: string;
  password?: string;
  adminPassword?: string;
  /** SEC-CFG-02: the files the passwords came from, read again at each new connection. */
  passwordFile?: string;
  adminPasswordFile?: string;
}

export interface TlsOptions {
  enabled: boolean;
  caFile?: string;
}

export interface Config {
  env: Environment;
  serviceName: string;
  log: {
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
    /** `LOG_DIR`: when set, records go to daily files there (rotated by the log-rotation schedule), not stdout. */
    dir?: string;
  };
  api: {
    host: string;
    port: number;
    /** Internal listener for /metrics only; never the public API port (default: API port + 1000). */
    metricsHost: string;
    metricsPort: number;
    publicUrl: string;
    trustedProxies: string[];
    corsOrigins: string[];
    bodyLimitBytes: number;
    maxJsonDepth: number;
    maxArrayLength: number;
    maxStringLength: number;
    requestTimeoutMs: number;
    hstsMaxAgeSeconds: number;
  };
  database: DatabaseAddress & {
    sslMode: 'disable' | 'require' | 'verify-full';
    caFile?: string;
    poolMax: number;
    acquireTimeoutMs: number;
    statementTimeoutMs: number;
    idleTimeoutMs: number;
  };
  /** SEC-DATA-04: the per-user key store's database (lib/config/key-store.ts); TLS and pool as `database`. */
  keyStore: KeyStoreConfig;
  /** Issue 21: the customer web app (lib/config/web-app.ts). */
  webApp: WebAppConfig;
  redis: {
    url: string;
    username?: string;
    password?: string;
    /** SEC-CFG-02: the file the password came from, read again at each (re)connect. */
    passwordFile?: string;
    tls: TlsOptions;
    commandTimeoutMs: number;
  };
  temporal: {
    address: string;
    namespace: string;
    uiUrl: string;
    /**
     * Origins of the Temporal Web UI allowed to call the codec endpoint from an operator's browser
     * (CORS with credentials, and the Origin check that stands in for the CSRF token on that one
     * route). `TEMPORAL_UI_CODEC_ORIGINS`; outside production it defaults to the origin of `uiUrl`.
     */
    uiCodecOrigins: string[];
    tls: TlsOptions;
    /** Gives a deployment (a preview, the crash test) task queues of its own: `travelhub-<pool>-<suffix>`. */
    taskQueueSuffix?: string;
  };
  opensearch: {
    url: string;
    username?: string;
    password?: string;
    tls: TlsOptions;
    requestTimeoutMs: number;
  };
  /** Search over the indexed inventory (issue 9). */
  search: {
    /** Aliases and indices are `<prefix>-hotels`, `<prefix>-flights`; tests use their own. */
    indexPrefix: string;
    /** Results cached in Redis this long, keyed by query and index version. */
    cacheTtlSeconds: number;
    /** Largest page a search may ask for. */
    maxPageSize: number;
  };
  /** The booking saga's timeouts (issue 8); each booking workflow gets them in its input. */
  bookings: {
    /** How long a booking waits for its payment before it fails and lets the hold go. */
    paymentWaitSeconds: number;
    /** Between PaymentIntent read-backs while no webhook signal came. */
    paymentPollSeconds: number;
    /** The supplier hold's own lifetime; longer than the payment wait. */
    holdTtlSeconds: number;
    /**
     * How long after confirmation the booking can still be cancelled through its workflow, at
     * most (a year by default): it never waits past the start of the stay or flight.
     */
    cancelWindowSeconds: number;
    /** How long a cancellation quote holds, at most: never past the moment its terms change. */
    cancellationQuoteTtlSeconds: number;
    /** How long a change offer holds (issue 18.2). */
    changeOfferTtlSeconds: number;
    /** A PENDING booking this old with no workflow is failed by the orphan sweep (issue 20.1). */
    orphanAfterSeconds: number;
    /**
     * How long a card authorisation holds when Stripe does not say (`capture_before`): 7 days,
     * the shortest window Stripe lists for online customer-initiated card payments.
     */
    authorisationValiditySeconds: number;
    /** A booking is not confirmed nor captured with less than this left of its authorisation. */
    captureMarginSeconds: number;
  };
  stripe: {
    /** The Stripe the platform talks to (locally: tools/stripe-proxy in front of localstripe). */
    apiUrl: string;
    /** stripe-mock, Stripe's stateless mock: contract tests check request shapes against it. */
    mockUrl?: string;
    secretKey?: string;
    /** SEC-CFG-02: the file the API key came from, read again for every request (a rolled key). */
    secretKeyFile?: string;
    webhookSecret?: string;
    /** SEC-CFG-02: while the webhook secret rotates, signatures under this one are accepted too. */
    webhookSecretPrevious?: string;
    /** SEC-PAY-03: how old (or how far ahead) a webhook signature's timestamp may be. */
    webhookToleranceSeconds: number;
    /**
     * SEC-PAY-03: how long an accepted event id refuses a replay before it is purged. A signature
     * is valid from a tolerance before its timestamp to one after, so at least 2 × tolerance plus
     * 300 s of clock margin; the 4-day default also outlasts Stripe's 3 days of redelivering an id.
     */
    webhookEventRetentionSeconds: number;
    timeoutMs: number;
  };
  /**
   * SEC-PAY-04 refund requests: above the threshold (minor units of the booking's currency) a
   * second PLATFORM_ADMIN approves with MFA step-up; undecided requests are escalated, then expire.
   */
  refunds: { approvalThresholdMinor: number; escalateAfterSeconds: number; decisionTimeoutSeconds: number };
  /**
   * Issue 17.5: where the daily reconciliation summary is mailed (an operators' mailbox,
   * `RECONCILIATION_REPORT_TO`); unset only in production, where the guard then refuses to start.
   */
  reconciliation: { reportTo?: string };
  /** SEC-PAY-06 card-testing defence: this many declines within the window block the user's payments. */
  cardTesting: { declineLimit: number; declineWindowSeconds: number; blockSeconds: number };
  /**
   * SEC-IDEM-01 / SEC-PRIV-03: how long a completed answer is replayed, then purged; and how long
   * an unfinished request holds its key (longer than the request timeout), which is also how long
   * the key of a request whose process died stays blocked (409) before a retry may take it.
   */
  idempotency: { retentionSeconds: number; lockTtlSeconds: number };
  /** Crash-test fault hooks (lib/config/test-faults.ts); refused in production. */
  testFaults: TestFaults;
  /** Benchmark-only routes (lib/config/bench-routes.ts); refused in production. */
  benchRoutes: BenchRoutes;
  /** SEC-PRIV-03 / SEC-LOG-05: the periods the retention schedules apply. */
  retention: RetentionConfig;
  smtp: { url: string; from: string; timeoutMs: number };
  /** Issue 20.2: the API's deadline per dependency and the breakers that fail fast (lib/dependencies). */
  dependencies: DependenciesConfig;
  supplier: SuppliersConfig;
  outboundTimeoutMs: number;
  /** Where the key-encryption key lives (SEC-DATA-02): a local secret file, or AWS KMS. */
  keys: { provider: 'local' | 'aws-kms'; awsKmsKeyId?: string };
  /** SEC-DATA-02: batches of the key-rotation workflow's re-encryption. */
  keyRotation: KeyRotationConfig;
  rateLimits: Record<RateLimitPolicyName, RateLimitPolicy>;
  accounts: AccountsConfig;
  sessions: SessionsConfig;
}

/** One supplier partner: its base URL and the HMAC secret it shares with us (SEC-SUP-01). */
export interface SupplierEndpoint {
  url: string;
  secret?: string;
}

export const SUPPLIER_NAMES = ['hotel', 'flight'] as const;
export type SupplierName = (typeof SUPPLIER_NAMES)[number];

/** SEC-SUP-02: one timeout for every supplier call and a circuit breaker per supplier. */
export interface SuppliersConfig {
  timeoutMs: number;
  breaker: {
    /** Calls in the rolling window before the error rate can open the breaker. */
    volumeThreshold: number;
    errorThresholdPercentage: number;
    rollingWindowMs: number;
    /** How long the breaker stays open before one trial call (half-open). */
    resetTimeoutMs: number;
  };
  endpoints: Record<SupplierName, SupplierEndpoint>;
}

/** Identity: password hashing, brute-force defence, token lifetimes (SEC-AUTH-01..07). */
export interface AccountsConfig {
  /** Argon2id cost (SEC-AUTH-01): at least 19 MiB and 2 passes. */
  argon2: { memoryKiB: number; timeCost: number; parallelism: number };
  /** Optional online k-anonymity check of new passwords (SEC-AUTH-02); off by default. */
  breachCheck: { enabled: boolean; url: string; timeoutMs: number };
  /** SEC-AUTH-04: failures per account before a delay, before a challenge, before an admin lock. */
  delayAfterFailures: number;
  delayBaseSeconds: number;
  delayMaxSeconds: number;
  challengeAfterFailures: number;
  adminLockAfterFailures: number;
  adminLockSeconds: number;
  /** How long failures are remembered after the last one. */
  failureMemorySeconds: number;
  resetTokenTtlSeconds: number;
  verificationTokenTtlSeconds: number;
  invitationTtlSeconds: number;
  totpIssuer: string;
  /** SEC-AUTH-04's challenge: self-hosted proof of work (the default) or a third-party siteverify provider. */
  captcha: AltchaCaptchaConfig | SiteverifyCaptchaConfig;
}

/**
 * The platform's own proof-of-work challenge (altcha): HMAC-signed with the `altcha_hmac_key`
 * secret file, expiring, single use. `maxNumber` is the difficulty: the solver tries up to that
 * many hashes. The secret is optional here so config loads without it; the API refuses to start
 * without it and production refuses it missing (production-guard).
 */
export interface AltchaCaptchaConfig {
  provider: 'altcha';
  secret?: string;
  /** SEC-CFG-02: `altcha_hmac_key_previous` while the key rotates; challenges it signed still verify. */
  previousSecret?: string;
  maxNumber: number;
  ttlSeconds: number;
}

/** hCaptcha, Turnstile, reCAPTCHA: the site secret from the `captcha_secret` file. */
export interface SiteverifyCaptchaConfig {
  provider: 'siteverify';
  verifyUrl: string;
  secret: string;
  timeoutMs: number;
}

/** SEC-RATE-02: what a limit does while Redis is unreachable. */
export type RedisDownBehaviour = 'fail-closed' | 'local';

export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
  whenRedisDown: RedisDownBehaviour;
}

/** SEC-RATE-01: every named limit. Env `RATE_LIMIT_<NAME>=<limit>/<windowSeconds>` overrides one. */
export const RATE_LIMIT_DEFAULTS = {
  globalPerIp: { limit: 1000, windowSeconds: 60, whenRedisDown: 'local' },
  loginPerIp: { limit: 10, windowSeconds: 900, whenRedisDown: 'fail-closed' },
  loginPerAccount: { limit: 10, windowSeconds: 900, whenRedisDown: 'fail-closed' },
  // Failed step-ups (password or MFA code re-entered for a sensitive action), counted like failed
  // logins: per user the per-account login numbers (then 429); per session, the failure count at
  // which login asks for a challenge, over the longest session's life (then the session ends).
  stepUpPerUser: { limit: 10, windowSeconds: 900, whenRedisDown: 'fail-closed' },
  stepUpPerSession: { limit: 5, windowSeconds: 604_800, whenRedisDown: 'fail-closed' },
  signupPerIp: { limit: 5, windowSeconds: 3600, whenRedisDown: 'fail-closed' },
  resetPerEmail: { limit: 3, windowSeconds: 3600, whenRedisDown: 'fail-closed' },
  resetPerIp: { limit: 3, windowSeconds: 3600, whenRedisDown: 'fail-closed' },
  search: { limit: 100, windowSeconds: 60, whenRedisDown: 'local' },
  bookings: { limit: 10, windowSeconds: 3600, whenRedisDown: 'local' },
  // Seed 001: booking modifications 10 an hour per user (issue 18.2's change offers and confirmations).
  bookingChanges: { limit: 10, windowSeconds: 3600, whenRedisDown: 'local' },
  // Card-testing defence (SEC-PAY-06) must not be bypassable by taking Redis down.
  payments: { limit: 5, windowSeconds: 900, whenRedisDown: 'fail-closed' },
  reviews: { limit: 10, windowSeconds: 86_400, whenRedisDown: 'local' },
  // SEC-PRIV-01: a copy of everything about a user is the prize of a stolen session: a few a day
  // per user, and none while the count cannot be kept.
  privacyExports: { limit: 5, windowSeconds: 86_400, whenRedisDown: 'fail-closed' },
} as const satisfies Record<string, RateLimitPolicy>;

export type RateLimitPolicyName = keyof typeof RATE_LIMIT_DEFAULTS;

/** The variable that overrides a policy: loginPerIp → `RATE_LIMIT_LOGIN_PER_IP`. */
export function rateLimitVariable(name: RateLimitPolicyName): string {
  return `RATE_LIMIT_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** Every secret the platform knows, by the file name it is read from. */
export const SECRET_NAMES = [
  'database_password',
  'database_admin_password',
  'keys_database_password',
  'keys_database_admin_password',
  // SEC-CFG-02: read at each new connection while a database password rotates (lib/clients/database-password.ts).
  'database_password_previous',
  'database_admin_password_previous',
  'keys_database_password_previous',
  'keys_database_admin_password_previous',
  'redis_password',
  'opensearch_password',
  'stripe_secret_key',
  'stripe_webhook_secret',
  'stripe_webhook_secret_previous',
  'supplier_hotel_secret',
  'supplier_flight_secret',
  // Key material: read by lib/crypto and lib/audit, listed here so production refuses them as env vars.
  'kek',
  'kek_previous',
  'audit_signing_key',
  // Sessions: the ES256 access-token signing key and the CSRF/device HMAC secret.
  'jwt_signing_key',
  'session_secret',
  'session_secret_previous',
  // Accounts: the CAPTCHA provider's site secret and the self-hosted challenge's HMAC key (SEC-AUTH-04).
  'captcha_secret',
  'altcha_hmac_key',
  'altcha_hmac_key_previous',
] as const;
