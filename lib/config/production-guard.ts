import type { Config } from './schema';

export class UnsafeProductionConfigError extends Error {
  override name = 'UnsafeProductionConfigError';
  constructor(readonly problems: string[]) {
    super(`refusing to start in production: ${problems.join('; ')}`);
  }
}

/** Values seen in samples, docs and local stacks: never acceptable as a production secret. */
const KNOWN_DEFAULTS = new Set([
  'password',
  'postgres',
  'changeme',
  'secret',
  'admin',
  'travelhub',
  'redis',
  'sk_test_123',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'whsec_test',
]);

const MIN_SECRET_LENGTH = 16;

function checkSecret(problems: string[], name: string, value: string | undefined, required: boolean) {
  if (value === undefined) {
    if (required) problems.push(`secret ${name} is missing (give ${name.toUpperCase()}_FILE or SECRETS_DIR)`);
    return;
  }
  if (KNOWN_DEFAULTS.has(value.toLowerCase()) || value.length < MIN_SECRET_LENGTH) {
    problems.push(`secret ${name} is a known default or too short`);
  }
}

/** SEC-CFG-01 and SEC-DATA-06: production runs only with file secrets and TLS to every data store. */
export function assertProductionReady(config: Config, plainEnvSecrets: string[]): void {
  const problems: string[] = [];
  for (const name of plainEnvSecrets) {
    problems.push(`secret ${name} is set as a plain environment variable; mount it as a file`);
  }
  checkSecret(problems, 'database_password', config.database.password, true);
  checkSecret(problems, 'redis_password', config.redis.password, true);
  checkSecret(problems, 'opensearch_password', config.opensearch.password, true);
  checkSecret(problems, 'stripe_secret_key', config.stripe.secretKey, true);
  checkSecret(problems, 'stripe_webhook_secret', config.stripe.webhookSecret, true);
  checkSecret(problems, 'supplier_secret', config.supplier.secret, true);
  if (config.stripe.secretKey?.startsWith('sk_test_')) problems.push('stripe_secret_key is a test key');

  if (config.database.sslMode !== 'verify-full') problems.push('DATABASE_SSL_MODE must be verify-full');
  if (!config.database.caFile) problems.push('DATABASE_CA_FILE is required for verify-full');
  if (!config.redis.tls.enabled) problems.push('REDIS_URL must use rediss:// (TLS)');
  if (!config.redis.username) problems.push('REDIS_USERNAME (an ACL user, not default) is required');
  if (config.redis.username === 'default') problems.push('REDIS_USERNAME must not be the default user');
  if (!config.opensearch.tls.enabled) problems.push('OPENSEARCH_URL must use https://');
  if (!config.opensearch.username) problems.push('OPENSEARCH_USERNAME is required');
  if (!config.stripe.apiUrl.startsWith('https://')) problems.push('STRIPE_API_URL must use https://');
  if (config.api.corsOrigins.some((o) => o === '*')) problems.push('CORS_ORIGINS must not contain *');
  if (problems.length > 0) throw new UnsafeProductionConfigError(problems);
}
