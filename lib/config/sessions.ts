import { ConfigError } from './config-error';

/** Sessions and tokens (SEC-SESS-01..05, SEC-WEB-01). Secrets: `jwt_signing_key`, `session_secret`. */
export interface SessionsConfig {
  /** JWT `iss`; the API's public URL. */
  issuer: string;
  /** JWT `aud`. */
  audience: string;
  /** Access JWT lifetime (SEC-SESS-02: 15 min). */
  accessTtlSeconds: number;
  /** Refresh token family lifetime, absolute (SEC-SESS-03: 7 days). */
  refreshTtlSeconds: number;
  /** Inactivity that ends a session (SEC-SESS-04: 30 min). */
  idleTimeoutSeconds: number;
  /** Absolute session lifetime (SEC-SESS-04): customers 7 days, administrators 12 h. */
  customerLifetimeSeconds: number;
  adminLifetimeSeconds: number;
  /** Concurrent sessions per user; the oldest is evicted beyond it (SEC-SESS-05). */
  maxPerUser: number;
  /** Redis key prefix of the session store. */
  redisPrefix: string;
  /**
   * Origins a state-changing cookie request may come from (SEC-WEB-01): the public URL's origin
   * and the CORS allowlist.
   */
  allowedOrigins: string[];
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}`);
  }
  return Number(raw);
}

function originOf(url: string, variable: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new ConfigError(`${variable} must be a URL`);
  }
}

/** The requirement's numbers are the defaults and the upper bounds: a deployment may only tighten. */
export function sessionsConfig(
  env: NodeJS.ProcessEnv,
  api: { publicUrl: string; corsOrigins: string[] },
): SessionsConfig {
  const issuer = env.JWT_ISSUER ?? api.publicUrl;
  return {
    issuer,
    audience: env.JWT_AUDIENCE ?? 'travelhub-api',
    accessTtlSeconds: seconds(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 60, 900),
    refreshTtlSeconds: seconds(env, 'REFRESH_TOKEN_TTL_SECONDS', 604_800, 300, 604_800),
    idleTimeoutSeconds: seconds(env, 'SESSION_IDLE_TIMEOUT_SECONDS', 1_800, 60, 1_800),
    customerLifetimeSeconds: seconds(env, 'SESSION_CUSTOMER_LIFETIME_SECONDS', 604_800, 300, 604_800),
    adminLifetimeSeconds: seconds(env, 'SESSION_ADMIN_LIFETIME_SECONDS', 43_200, 300, 43_200),
    maxPerUser: seconds(env, 'SESSION_MAX_PER_USER', 5, 1, 5),
    redisPrefix: env.SESSION_REDIS_PREFIX || 'th:sess:',
    allowedOrigins: [
      ...new Set([
        originOf(api.publicUrl, 'API_PUBLIC_URL'),
        ...api.corsOrigins.map((o) => originOf(o, 'CORS_ORIGINS')),
      ]),
    ],
  };
}
