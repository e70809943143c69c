import { secretReader, type SecretReader } from './secrets';
import type { Config, Environment, RateLimitPolicy, RateLimitPolicyName, SupplierName } from './schema';
import { RATE_LIMIT_DEFAULTS, SECRET_NAMES, rateLimitVariable } from './schema';
import { assertProductionReady } from './production-guard';
import { ConfigError } from './config-error';
import { deepFreeze } from './deep-freeze';
import { sessionsConfig } from './sessions';
import { int, list, str } from './env-values';
import { reconciliationConfig } from './reconciliation';
import { keyRotationConfig } from './key-rotation';
import { keyStoreConfig } from './key-store';
import { webAppConfig } from './web-app';
import { retentionConfig } from './retention';
import { testFaultsConfig } from './test-faults';
import { dependenciesConfig } from './dependencies';
import { benchRoutesConfig } from './bench-routes';

export { ConfigError };

/** Database drivers read these by themselves when no password is passed: never in production. */
const DRIVER_SECRET_VARIABLES = ['PGPASSWORD'];

/** `RATE_LIMIT_LOGIN_PER_IP=20/600` overrides loginPerIp's numbers; what Redis-down does is fixed. */
function rateLimit(env: NodeJS.ProcessEnv, name: RateLimitPolicyName): RateLimitPolicy {
  const fallback: RateLimitPolicy = RATE_LIMIT_DEFAULTS[name];
  const variable = rateLimitVariable(name);
  const raw = env[variable];
  if (raw === undefined) return { ...fallback };
  const match = /^([1-9]\d{0,6})\/([1-9]\d{0,6})$/.exec(raw);
  if (!match) throw new ConfigError(`${variable} must be <limit>/<windowSeconds>`);
  return { ...fallback, limit: Number(match[1]), windowSeconds: Number(match[2]) };
}

function rateLimits(env: NodeJS.ProcessEnv): Config['rateLimits'] {
  const names = Object.keys(RATE_LIMIT_DEFAULTS) as RateLimitPolicyName[];
  return Object.fromEntries(names.map((name) => [name, rateLimit(env, name)])) as Config['rateLimits'];
}

/** The pattern lib/temporal/task-queues.ts accepts; empty or unset means the shared queue names. */
function taskQueueSuffix(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.TEMPORAL_TASK_QUEUE_SUFFIX;
  if (!value) return undefined;
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(value)) {
    throw new ConfigError('TEMPORAL_TASK_QUEUE_SUFFIX must be 1-40 characters of a-z, 0-9 and -');
  }
  return value;
}

function environment(env: NodeJS.ProcessEnv): Environment {
  const value = env.NODE_ENV ?? 'development';
  if (value === 'development' || value === 'test' || value === 'production') return value;
  throw new ConfigError(`NODE_ENV must be development, test or production, not ${value}`);
}

function keyProvider(env: NodeJS.ProcessEnv): Config['keys'] {
  const provider = env.KEY_PROVIDER || 'local';
  if (provider === 'local') return { provider };
  if (provider !== 'aws-kms') throw new ConfigError('KEY_PROVIDER must be local or aws-kms');
  const awsKmsKeyId = env.AWS_KMS_KEY_ID;
  if (!awsKmsKeyId) throw new ConfigError('AWS_KMS_KEY_ID is required with KEY_PROVIDER=aws-kms');
  return { provider, awsKmsKeyId };
}

/**
 * SEC-AUTH-04: without a third-party CAPTCHA the platform serves its own proof-of-work challenge,
 * so there is no setting in which a customer past the challenge threshold cannot get in.
 */
function captcha(env: NodeJS.ProcessEnv, secrets: SecretReader): Config['accounts']['captcha'] {
  const provider = env.CAPTCHA_PROVIDER || 'altcha';
  if (provider === 'altcha') {
    return {
      provider,
      secret: secrets.read('altcha_hmac_key'),
      previousSecret: secrets.readRotating('altcha_hmac_key')?.previous,
      maxNumber: int(env, 'ALTCHA_MAX_NUMBER', 100_000, 1_000, 10_000_000),
      ttlSeconds: int(env, 'ALTCHA_TTL_SECONDS', 300, 30, 600),
    };
  }
  if (provider !== 'siteverify') throw new ConfigError('CAPTCHA_PROVIDER must be altcha or siteverify');
  const timeoutMs = int(env, 'CAPTCHA_TIMEOUT_MS', 3_000, 100, 10_000);
  const verifyUrl = env.CAPTCHA_VERIFY_URL;
  const secret = secrets.read('captcha_secret');
  if (!verifyUrl || !secret) {
    throw new ConfigError('CAPTCHA_PROVIDER=siteverify needs CAPTCHA_VERIFY_URL and the captcha_secret file');
  }
  return { provider, verifyUrl, secret, timeoutMs };
}

/** SEC-AUTH-01's floor (19 MiB, t=2) is the minimum the variables accept. */
function accounts(env: NodeJS.ProcessEnv, secrets: SecretReader): Config['accounts'] {
  return {
    argon2: {
      memoryKiB: int(env, 'ARGON2_MEMORY_KIB', 19_456, 19_456, 4_194_304),
      timeCost: int(env, 'ARGON2_TIME_COST', 2, 2, 20),
      parallelism: int(env, 'ARGON2_PARALLELISM', 1, 1, 16),
    },
    breachCheck: {
      enabled: env.PASSWORD_BREACH_CHECK === 'true',
      url: env.PASSWORD_BREACH_CHECK_URL ?? 'https://api.pwnedpasswords.com/range/',
      timeoutMs: int(env, 'PASSWORD_BREACH_CHECK_TIMEOUT_MS', 3_000, 100, 10_000),
    },
    delayAfterFailures: int(env, 'LOGIN_DELAY_AFTER_FAILURES', 3, 1, 100),
    delayBaseSeconds: int(env, 'LOGIN_DELAY_BASE_SECONDS', 1, 1, 3600),
    delayMaxSeconds: int(env, 'LOGIN_DELAY_MAX_SECONDS', 60, 1, 3600),
    challengeAfterFailures: int(env, 'LOGIN_CHALLENGE_AFTER_FAILURES', 5, 1, 100),
    adminLockAfterFailures: int(env, 'ADMIN_LOCK_AFTER_FAILURES', 10, 1, 10),
    adminLockSeconds: int(env, 'ADMIN_LOCK_SECONDS', 1_800, 1_800, 86_400),
    failureMemorySeconds: int(env, 'LOGIN_FAILURE_MEMORY_SECONDS', 3_600, 60, 604_800),
    resetTokenTtlSeconds: int(env, 'RESET_TOKEN_TTL_SECONDS', 3_600, 60, 3_600),
    verificationTokenTtlSeconds: int(env, 'VERIFICATION_TOKEN_TTL_SECONDS', 86_400, 60, 604_800),
    invitationTtlSeconds: int(env, 'INVITATION_TTL_SECONDS', 604_800, 60, 2_592_000),
    totpIssuer: env.TOTP_ISSUER ?? 'TravelHub',
    captcha: captcha(env, secrets),
  };
}

/** SUPPLIER_URL is the simulator's base; SUPPLIER_<NAME>_URL points one supplier elsewhere. */
function suppliers(env: NodeJS.ProcessEnv, secrets: SecretReader): Config['supplier'] {
  const base = str(env, 'SUPPLIER_URL', 'http://127.0.0.1:53090').replace(/\/+$/, '');
  const endpoint = (name: SupplierName) => ({
    url: str(env, `SUPPLIER_${name.toUpperCase()}_URL`, `${base}/${name}`),
    secret: secrets.read(`supplier_${name}_secret`),
  });
  return {
    timeoutMs: int(env, 'SUPPLIER_TIMEOUT_MS', 10_000, 100, 10_000),
    breaker: {
      volumeThreshold: int(env, 'SUPPLIER_BREAKER_VOLUME', 5, 1, 1000),
      errorThresholdPercentage: int(env, 'SUPPLIER_BREAKER_ERROR_PERCENT', 50, 1, 100),
      rollingWindowMs: int(env, 'SUPPLIER_BREAKER_WINDOW_MS', 30_000, 100, 600_000),
      resetTimeoutMs: int(env, 'SUPPLIER_BREAKER_RESET_MS', 30_000, 50, 600_000),
    },
    endpoints: { hotel: endpoint('hotel'), flight: endpoint('flight') },
  };
}

function originOfUrl(value: string, variable: string): string {
  try {
    const origin = new URL(value).origin;
    if (origin !== 'null') return origin;
  } catch {
    // reported below
  }
  throw new ConfigError(`${variable} must be an http(s) URL`);
}

/**
 * Exact origins (scheme, host, port; no path, no wildcard): the Origin header is compared with
 * them byte for byte. Outside production the stack's UI (TEMPORAL_UI_URL) is the default;
 * production names them or the UI gets no decode.
 */
function uiCodecOrigins(env: NodeJS.ProcessEnv, mode: Environment): string[] {
  const name = 'TEMPORAL_UI_CODEC_ORIGINS';
  if (env[name] === undefined) {
    return mode === 'production'
      ? []
      : [originOfUrl(env.TEMPORAL_UI_URL ?? 'http://127.0.0.1:58233', 'TEMPORAL_UI_URL')];
  }
  return list(env, name, []).map((value) => {
    if (originOfUrl(value, name) !== value)
      throw new ConfigError(`${name} must list bare origins (https://host:port)`);
    return value;
  });
}

/** API port + 1000 (58080 → 59080, test profile 58180 → 59180), so each profile has its own. */
function metricsPortFor(apiPort: number): number {
  return apiPort + 1000 > 65535 ? apiPort - 1000 : apiPort + 1000;
}

/** Reads and validates the whole configuration once; refuses unsafe production settings. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const secrets = secretReader(env);
  const mode = environment(env);
  const port = int(env, 'API_PORT', 58080, 1, 65535);
  const sslMode = str(env, 'DATABASE_SSL_MODE', 'disable');
  if (sslMode !== 'disable' && sslMode !== 'require' && sslMode !== 'verify-full') {
    throw new ConfigError('DATABASE_SSL_MODE must be disable, require or verify-full');
  }
  const level = str(env, 'LOG_LEVEL', mode === 'test' ? 'warn' : 'info');
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal'].includes(level)) {
    throw new ConfigError('LOG_LEVEL must be a bunyan level name');
  }
  const redisUrl = str(env, 'REDIS_URL', 'redis://127.0.0.1:56379');
  const opensearchUrl = str(env, 'OPENSEARCH_URL', 'http://127.0.0.1:59200');
  const outboundTimeoutMs = int(env, 'OUTBOUND_TIMEOUT_MS', 10_000, 100, 120_000);
  const webhookTolerance = int(env, 'STRIPE_WEBHOOK_TOLERANCE_SECONDS', 300, 1, 300);
  // Never below 2 x tolerance + 300 s: the why is at Config.stripe.webhookEventRetentionSeconds.
  const retentionFloor = 2 * webhookTolerance + 300;
  const webhookEventRetention = int(
    env,
    'STRIPE_WEBHOOK_EVENT_RETENTION_SECONDS',
    345_600,
    retentionFloor,
    2_592_000,
  );

  const base: Omit<Config, 'sessions'> = {
    env: mode,
    serviceName: env.SERVICE_NAME ?? 'travelhub',
    log: { level: level as Config['log']['level'], ...(env.LOG_DIR && { dir: env.LOG_DIR }) },
    api: {
      host: env.API_HOST ?? '127.0.0.1',
      port,
      metricsHost: env.API_METRICS_HOST ?? '127.0.0.1',
      metricsPort: int(env, 'API_METRICS_PORT', metricsPortFor(port), 0, 65535),
      publicUrl: env.API_PUBLIC_URL ?? `http://127.0.0.1:${port}`,
      trustedProxies: list(env, 'TRUSTED_PROXIES', []),
      corsOrigins: list(env, 'CORS_ORIGINS', []),
      bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024),
      maxJsonDepth: int(env, 'MAX_JSON_DEPTH', 5, 1, 64),
      maxArrayLength: int(env, 'MAX_ARRAY_LENGTH', 100, 1),
      maxStringLength: int(env, 'MAX_STRING_LENGTH', 10_000, 1),
      requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 30_000, 100),
      hstsMaxAgeSeconds: int(env, 'HSTS_MAX_AGE_SECONDS', 31_536_000, 31_536_000),
    },
    database: {
      url: str(env, 'DATABASE_URL', 'postgres://travelhub_app@127.0.0.1:55432/travelhub'),
      adminUrl: str(env, 'DATABASE_ADMIN_URL', 'postgres://travelhub_owner@127.0.0.1:55432/travelhub'),
      password: secrets.read('database_password'),
      adminPassword: secrets.read('database_admin_password'),
      passwordFile: secrets.fileOf('database_password'),
      adminPasswordFile: secrets.fileOf('database_admin_password'),
      sslMode,
      caFile: env.DATABASE_CA_FILE,
      poolMax: int(env, 'DATABASE_POOL_MAX', 20, 1, 50),
      acquireTimeoutMs: int(env, 'DATABASE_ACQUIRE_TIMEOUT_MS', 30_000, 100, 30_000),
      statementTimeoutMs: int(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 60_000, 100, 60_000),
      idleTimeoutMs: int(env, 'DATABASE_IDLE_TIMEOUT_MS', 10_000, 100),
    },
    keyStore: keyStoreConfig(env, secrets),
    webApp: webAppConfig(env),
    redis: {
      url: redisUrl,
      username: env.REDIS_USERNAME,
      password: secrets.read('redis_password'),
      passwordFile: secrets.fileOf('redis_password'),
      tls: { enabled: redisUrl.startsWith('rediss://'), caFile: env.REDIS_CA_FILE },
      commandTimeoutMs: int(env, 'REDIS_COMMAND_TIMEOUT_MS', 2_000, 50),
    },
    temporal: {
      address: str(env, 'TEMPORAL_ADDRESS', '127.0.0.1:57233'),
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      uiUrl: env.TEMPORAL_UI_URL ?? 'http://127.0.0.1:58233',
      uiCodecOrigins: uiCodecOrigins(env, mode),
      tls: { enabled: env.TEMPORAL_TLS === 'true', caFile: env.TEMPORAL_CA_FILE },
      taskQueueSuffix: taskQueueSuffix(env),
    },
    opensearch: {
      url: opensearchUrl,
      username: env.OPENSEARCH_USERNAME,
      password: secrets.read('opensearch_password'),
      tls: { enabled: opensearchUrl.startsWith('https://'), caFile: env.OPENSEARCH_CA_FILE },
      requestTimeoutMs: int(env, 'OPENSEARCH_TIMEOUT_MS', outboundTimeoutMs, 100),
    },
    search: {
      indexPrefix: str(env, 'SEARCH_INDEX_PREFIX', 'travelhub'),
      cacheTtlSeconds: int(env, 'SEARCH_CACHE_TTL_SECONDS', 30, 1, 3600),
      maxPageSize: int(env, 'SEARCH_MAX_PAGE_SIZE', 50, 1, 200),
    },
    bookings: {
      paymentWaitSeconds: int(env, 'BOOKING_PAYMENT_WAIT_SECONDS', 900, 1, 86_400),
      paymentPollSeconds: int(env, 'BOOKING_PAYMENT_POLL_SECONDS', 30, 1, 3_600),
      holdTtlSeconds: int(env, 'BOOKING_HOLD_TTL_SECONDS', 1_200, 1, 3_600),
      cancelWindowSeconds: int(env, 'BOOKING_CANCEL_WINDOW_SECONDS', 31_536_000, 1, 31_536_000),
      cancellationQuoteTtlSeconds: int(env, 'CANCELLATION_QUOTE_TTL_SECONDS', 900, 1, 86_400),
      changeOfferTtlSeconds: int(env, 'BOOKING_CHANGE_OFFER_TTL_SECONDS', 900, 1, 86_400),
      // Longer than any accept can take (the request timeout), so a live accept is never judged.
      orphanAfterSeconds: int(env, 'BOOKING_ORPHAN_AFTER_SECONDS', 900, 60, 86_400),
      authorisationValiditySeconds: int(
        env,
        'BOOKING_AUTHORISATION_VALIDITY_SECONDS',
        604_800,
        60,
        2_592_000,
      ),
      captureMarginSeconds: int(env, 'BOOKING_CAPTURE_MARGIN_SECONDS', 3_600, 0, 2_592_000),
    },
    stripe: {
      apiUrl: str(env, 'STRIPE_API_URL', 'https://api.stripe.com'),
      mockUrl: env.STRIPE_MOCK_URL || undefined,
      secretKey: secrets.read('stripe_secret_key'),
      secretKeyFile: secrets.fileOf('stripe_secret_key'),
      webhookSecret: secrets.read('stripe_webhook_secret'),
      webhookSecretPrevious: secrets.readRotating('stripe_webhook_secret')?.previous,
      webhookToleranceSeconds: webhookTolerance,
      webhookEventRetentionSeconds: webhookEventRetention,
      timeoutMs: int(env, 'STRIPE_TIMEOUT_MS', outboundTimeoutMs, 100),
    },
    refunds: {
      approvalThresholdMinor: int(env, 'REFUND_APPROVAL_THRESHOLD_MINOR', 50_000, 1, 99_999_999),
      escalateAfterSeconds: int(env, 'REFUND_ESCALATE_AFTER_SECONDS', 172_800, 1, 2_592_000),
      decisionTimeoutSeconds: int(env, 'REFUND_DECISION_TIMEOUT_SECONDS', 604_800, 1, 2_592_000),
    },
    reconciliation: reconciliationConfig(env, mode),
    cardTesting: {
      declineLimit: int(env, 'PAYMENT_DECLINE_LIMIT', 3, 1, 100),
      declineWindowSeconds: int(env, 'PAYMENT_DECLINE_WINDOW_SECONDS', 3_600, 60, 604_800),
      blockSeconds: int(env, 'PAYMENT_BLOCK_SECONDS', 86_400, 60, 2_592_000),
    },
    idempotency: {
      // 24 h replays a retried request (SEC-IDEM-01) and is as long as the records may be kept
      // (SEC-PRIV-03), so only shorter; at least an hour, far beyond the lock and request timeouts.
      retentionSeconds: int(env, 'IDEMPOTENCY_RETENTION_SECONDS', 86_400, 3_600, 86_400),
      lockTtlSeconds: int(env, 'IDEMPOTENCY_LOCK_TTL_SECONDS', 60, 1, 3_600),
    },
    testFaults: testFaultsConfig(env),
    benchRoutes: benchRoutesConfig(env),
    retention: retentionConfig(env),
    smtp: {
      url: str(env, 'SMTP_URL', 'smtp://127.0.0.1:52525'),
      from: env.SMTP_FROM ?? 'TravelHub <no-reply@travelhub.example>',
      timeoutMs: int(env, 'SMTP_TIMEOUT_MS', outboundTimeoutMs, 100),
    },
    dependencies: dependenciesConfig(env),
    supplier: suppliers(env, secrets),
    outboundTimeoutMs,
    keys: keyProvider(env),
    keyRotation: keyRotationConfig(env),
    rateLimits: rateLimits(env),
    accounts: accounts(env, secrets),
  };
  const config: Config = { ...base, sessions: sessionsConfig(env, base.api) };
  if (config.idempotency.lockTtlSeconds * 1000 <= config.api.requestTimeoutMs) {
    throw new ConfigError('IDEMPOTENCY_LOCK_TTL_SECONDS must be longer than REQUEST_TIMEOUT_MS');
  }

  const leaks = [
    ...secrets.plainEnvironmentLeaks(SECRET_NAMES),
    ...DRIVER_SECRET_VARIABLES.filter((name) => env[name] !== undefined),
  ];
  if (mode === 'production') assertProductionReady(config, leaks, env);
  return deepFreeze(config);
}
