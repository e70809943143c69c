import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { Config } from './schema';
import { checkSecurityBounds } from './security-bounds';
import { TEST_FAULT_VARIABLES } from './test-faults';
import { BENCH_ROUTE_VARIABLES } from './bench-routes';

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
  'change-me',
  'secret',
  'admin',
  'travelhub',
  'redis',
  'opensearch',
  'letmein',
  'example',
  'sk_test_123',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'whsec_test',
]);

const MIN_SECRET_LENGTH = 16;

/** Driver options in a connection URL's query override the TLS settings the code passes. */
const DATABASE_URL_TLS_PARAMETERS = ['ssl', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'sslpassword'];

function checkSecret(problems: string[], name: string, value: string | undefined, required: boolean) {
  if (value === undefined) {
    if (required) problems.push(`secret ${name} is missing (give ${name.toUpperCase()}_FILE or SECRETS_DIR)`);
    return;
  }
  const lower = value.toLowerCase();
  if (KNOWN_DEFAULTS.has(lower) || value.length < MIN_SECRET_LENGTH || new Set(value).size < 4) {
    problems.push(`secret ${name} is a known default, too short or too uniform`);
  }
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Passwords belong in secret files; a URL in a plain variable must not carry one. */
function checkUrlHasNoPassword(problems: string[], variable: string, value: string) {
  const url = parseUrl(value);
  if (url === undefined) problems.push(`${variable} is not a valid URL`);
  else if (url.password !== '') problems.push(`${variable} must not contain a password; use a secret file`);
}

function checkDatabaseUrl(problems: string[], variable: string, value: string) {
  checkUrlHasNoPassword(problems, variable, value);
  const url = parseUrl(value);
  const overrides = DATABASE_URL_TLS_PARAMETERS.filter((p) => url?.searchParams.has(p));
  if (overrides.length > 0)
    problems.push(`${variable} must not set ${overrides.join(', ')}: TLS comes from DATABASE_SSL_MODE`);
}

function checkReadableFile(problems: string[], variable: string, path: string | undefined) {
  if (path === undefined) return;
  try {
    accessSync(path, constants.R_OK);
  } catch {
    problems.push(`${variable} (${path}) is not a readable file`);
  }
}

function checkSecrets(problems: string[], config: Config) {
  checkSecret(problems, 'database_password', config.database.password, true);
  checkSecret(problems, 'database_admin_password', config.database.adminPassword, false);
  checkSecret(problems, 'redis_password', config.redis.password, true);
  checkSecret(problems, 'opensearch_password', config.opensearch.password, true);
  checkSecret(problems, 'stripe_secret_key', config.stripe.secretKey, true);
  checkSecret(problems, 'stripe_webhook_secret', config.stripe.webhookSecret, true);
  checkSecret(problems, 'stripe_webhook_secret_previous', config.stripe.webhookSecretPrevious, false);
  for (const [name, endpoint] of Object.entries(config.supplier.endpoints)) {
    checkSecret(problems, `supplier_${name}_secret`, endpoint.secret, true);
  }
  const { captcha } = config.accounts;
  if (captcha.provider === 'altcha') {
    checkSecret(problems, 'altcha_hmac_key', captcha.secret, true);
    checkSecret(problems, 'altcha_hmac_key_previous', captcha.previousSecret, false);
  } else checkSecret(problems, 'captcha_secret', captcha.secret, true);
  if (/^(sk|rk)_test_/.test(config.stripe.secretKey ?? '')) problems.push('stripe_secret_key is a test key');
}

/** SEC-DATA-06: TLS with verification and authentication to every data store. */
function checkTransport(problems: string[], config: Config) {
  const { database, redis, opensearch } = config;
  if (database.sslMode !== 'verify-full') problems.push('DATABASE_SSL_MODE must be verify-full');
  if (!database.caFile) problems.push('DATABASE_CA_FILE is required for verify-full');
  checkReadableFile(problems, 'DATABASE_CA_FILE', database.caFile);
  checkDatabaseUrl(problems, 'DATABASE_URL', database.url);
  checkDatabaseUrl(problems, 'DATABASE_ADMIN_URL', database.adminUrl);

  if (!redis.tls.enabled) problems.push('REDIS_URL must use rediss:// (TLS)');
  if (!redis.username) problems.push('REDIS_USERNAME (an ACL user, not default) is required');
  if (redis.username === 'default') problems.push('REDIS_USERNAME must not be the default user');
  const redisUrl = parseUrl(redis.url);
  if (redisUrl && (redisUrl.username !== '' || redisUrl.password !== '')) {
    problems.push('REDIS_URL must not contain credentials; use REDIS_USERNAME and the redis_password file');
  }
  checkReadableFile(problems, 'REDIS_CA_FILE', redis.tls.caFile);

  if (!opensearch.tls.enabled) problems.push('OPENSEARCH_URL must use https://');
  if (!opensearch.username) problems.push('OPENSEARCH_USERNAME is required');
  // Stronger than SEC-DATA-06's list: workflow inputs and results carry booking data.
  if (!config.temporal.tls.enabled) problems.push('TEMPORAL_TLS must be true (TLS to the Temporal frontend)');
  checkUrlHasNoPassword(problems, 'OPENSEARCH_URL', opensearch.url);
  checkReadableFile(problems, 'OPENSEARCH_CA_FILE', opensearch.tls.caFile);

  if (!config.stripe.apiUrl.startsWith('https://')) problems.push('STRIPE_API_URL must use https://');
  checkUrlHasNoPassword(problems, 'SMTP_URL', config.smtp.url);
  for (const [name, endpoint] of Object.entries(config.supplier.endpoints)) {
    const variable = `SUPPLIER_${name.toUpperCase()}_URL`;
    checkUrlHasNoPassword(problems, variable, endpoint.url);
    // Bookings carry passenger data to the supplier; the HMAC signature protects only integrity.
    if (!endpoint.url.startsWith('https://')) problems.push(`${variable} must use https://`);
  }
}

/**
 * SEC-DATA-04: the user keys' database is named explicitly and lives on a server of its own, so a
 * snapshot of the main database server never holds a key and its backups follow their own, short
 * retention (docs/privacy-erasure.md).
 */
function checkKeyStore(problems: string[], config: Config) {
  const { url, adminUrl, password } = config.keyStore;
  if (!url || !adminUrl) {
    problems.push(
      'KEYS_DATABASE_URL and KEYS_DATABASE_ADMIN_URL are required: user keys need a database of their own',
    );
    return;
  }
  checkDatabaseUrl(problems, 'KEYS_DATABASE_URL', url);
  checkDatabaseUrl(problems, 'KEYS_DATABASE_ADMIN_URL', adminUrl);
  if (parseUrl(url)?.host === parseUrl(config.database.url)?.host)
    problems.push('KEYS_DATABASE_URL must name another server than DATABASE_URL: its backups are kept apart');
  checkSecret(problems, 'keys_database_password', password, true);
}

/**
 * SEC-LOG-05: the security (application) logs go to daily files that the log-rotation schedule
 * keeps 12 months (docs/retention.md); on stdout nothing of ours would keep them at all.
 */
function checkLogDir(problems: string[], config: Config) {
  const dir = config.log.dir;
  if (!dir) {
    problems.push('LOG_DIR is required: security logs go to daily files kept 12 months (SEC-LOG-05)');
    return;
  }
  if (!isAbsolute(dir)) {
    problems.push('LOG_DIR must be an absolute path');
    return;
  }
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    problems.push(`LOG_DIR (${dir}) is not a writable directory`);
  }
}

/**
 * SEC-CFG-01 and SEC-DATA-06: production runs only with file secrets, verified TLS to every data
 * store and partner, and no number looser than SECURITY.md's (security-bounds.ts).
 */
export function assertProductionReady(
  config: Config,
  plainEnvSecrets: string[],
  env: NodeJS.ProcessEnv = {},
): void {
  const problems: string[] = [];
  // Node then skips certificate verification for every TLS client in the process.
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0') problems.push('NODE_TLS_REJECT_UNAUTHORIZED must not be 0');
  for (const name of plainEnvSecrets) {
    problems.push(`secret ${name} is set as a plain environment variable; mount it as a file`);
  }
  checkSecrets(problems, config);
  checkTransport(problems, config);
  checkKeyStore(problems, config);
  checkLogDir(problems, config);
  checkSecurityBounds(problems, config);
  if (config.api.corsOrigins.some((o) => o === '*')) problems.push('CORS_ORIGINS must not contain *');
  for (const [point, variable] of Object.entries(TEST_FAULT_VARIABLES)) {
    if (config.testFaults[point as keyof Config['testFaults']] !== undefined)
      problems.push(`${variable} is a test-only fault hook: never set in production`);
  }
  for (const [route, variable] of Object.entries(BENCH_ROUTE_VARIABLES)) {
    if (config.benchRoutes[route as keyof Config['benchRoutes']] !== undefined)
      problems.push(`${variable} mounts a benchmark-only route: never set in production`);
  }
  if (!config.reconciliation.reportTo) {
    problems.push('RECONCILIATION_REPORT_TO is required: the mailbox for the daily reconciliation summary');
  }
  if (problems.length > 0) throw new UnsafeProductionConfigError(problems);
}
