/** The shape of the platform's configuration. Built by load.ts, checked by production-guard.ts. */
export type Environment = 'development' | 'test' | 'production';

export interface TlsOptions {
  enabled: boolean;
  caFile?: string;
}

export interface Config {
  env: Environment;
  serviceName: string;
  log: { level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' };
  api: {
    host: string;
    port: number;
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
  database: {
    url: string;
    adminUrl: string;
    password?: string;
    adminPassword?: string;
    sslMode: 'disable' | 'require' | 'verify-full';
    caFile?: string;
    poolMax: number;
    acquireTimeoutMs: number;
    statementTimeoutMs: number;
    idleTimeoutMs: number;
  };
  redis: { url: string; username?: string; password?: string; tls: TlsOptions; commandTimeoutMs: number };
  temporal: { address: string; namespace: string; uiUrl: string; tls: TlsOptions };
  opensearch: {
    url: string;
    username?: string;
    password?: string;
    tls: TlsOptions;
    requestTimeoutMs: number;
  };
  stripe: { apiUrl: string; secretKey?: string; webhookSecret?: string; timeoutMs: number };
  smtp: { url: string; from: string; timeoutMs: number };
  supplier: { url: string; secret?: string; timeoutMs: number };
  outboundTimeoutMs: number;
}

/** Every secret the platform knows, by the file name it is read from. */
export const SECRET_NAMES = [
  'database_password',
  'database_admin_password',
  'redis_password',
  'opensearch_password',
  'stripe_secret_key',
  'stripe_webhook_secret',
  'supplier_secret',
] as const;
