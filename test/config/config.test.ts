import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ConfigError, UnsafeProductionConfigError, loadConfig } from '../../lib/config';
import { DEV_RECONCILIATION_REPORT_TO } from '../../lib/config/reconciliation';
import { productionEnv } from './helpers/production-env';

const dirs: string[] = [];
test.after.always(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'travelhub-config-'));
  dirs.push(dir);
  return dir;
}

function writeSecret(dir: string, name: string, value: string): string {
  const path = join(dir, name);
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return path;
}

const strong = () => randomBytes(32).toString('base64url');

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof UnsafeProductionConfigError) return error.problems;
    throw error;
  }
  return [];
}

function refuses(
  t: { true(value: boolean, message?: string): void },
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
) {
  const problems = problemsOf(env);
  t.true(
    problems.some((p) => pattern.test(p)),
    `expected a problem matching ${pattern}, got ${JSON.stringify(problems)}`,
  );
}

test('SEC-CFG-01 secrets are read only from files: <NAME>_FILE first, else SECRETS_DIR/<name>', (t) => {
  const dir = tempDir();
  const other = tempDir();
  writeSecret(dir, 'database_password', 'db-from-dir');
  writeSecret(dir, 'stripe_secret_key', 'stripe-from-dir');
  const named = writeSecret(other, 'stripe.key', 'stripe-from-named-file');
  const config = loadConfig({ SECRETS_DIR: dir, STRIPE_SECRET_KEY_FILE: named });
  t.is(config.database.password, 'db-from-dir', 'trailing newline trimmed');
  t.is(config.stripe.secretKey, 'stripe-from-named-file');
  t.is(config.redis.password, undefined, 'absent file: absent secret');
});

test('SEC-CFG-01 a secret set as a plain environment variable is ignored in development', (t) => {
  const plain = loadConfig({
    NODE_ENV: 'development',
    DATABASE_PASSWORD: 'plain-env-password',
    stripe_secret_key: 'x',
  });
  t.is(plain.database.password, undefined);
  t.is(plain.stripe.secretKey, undefined);

  const dir = tempDir();
  writeSecret(dir, 'database_password', 'from-file');
  const both = loadConfig({
    NODE_ENV: 'development',
    SECRETS_DIR: dir,
    DATABASE_PASSWORD: 'plain-env-password',
  });
  t.is(both.database.password, 'from-file');
});

test('SEC-CFG-01 production refuses to start with a secret in a plain environment variable', (t) => {
  t.deepEqual(problemsOf(productionEnv(t)), []);
  refuses(
    t,
    { ...productionEnv(t), DATABASE_PASSWORD: strong() },
    /database_password is set as a plain environment variable/,
  );
  refuses(
    t,
    { ...productionEnv(t), STRIPE_WEBHOOK_SECRET: strong() },
    /stripe_webhook_secret is set as a plain/,
  );
  refuses(
    t,
    { ...productionEnv(t), SUPPLIER_HOTEL_SECRET: strong() },
    /supplier_hotel_secret is set as a plain/,
  );
  // pg reads PGPASSWORD by itself: a plain-variable password by the back door.
  refuses(t, { ...productionEnv(t), PGPASSWORD: strong() }, /PGPASSWORD is set as a plain/);
  const error = t.throws(() => loadConfig({ ...productionEnv(t), REDIS_PASSWORD: 'Sup3r-Secret-Value!' }), {
    instanceOf: UnsafeProductionConfigError,
  });
  t.false(error?.message.includes('Sup3r-Secret-Value!'), 'the refusal never echoes the secret');
});

test('SEC-CFG-01 production refuses known-default, short, uniform and test-mode secrets', (t) => {
  const cases: [string, string, RegExp][] = [
    ['database_password', 'postgres', /database_password is a known default/],
    ['database_password', 'ChangeMe', /database_password is a known default/],
    ['redis_password', 'short-secret', /redis_password is a known default, too short/],
    [
      'opensearch_password',
      'a'.repeat(40),
      /opensearch_password is a known default, too short or too uniform/,
    ],
    ['supplier_flight_secret', 'password', /supplier_flight_secret is a known default/],
    ['database_admin_password', 'admin', /database_admin_password is a known default/],
    ['stripe_secret_key', `sk_test_${strong()}`, /stripe_secret_key is a test key/],
  ];
  for (const [name, value, pattern] of cases) {
    const env = productionEnv(t);
    writeSecret(env.SECRETS_DIR ?? '', name, value);
    refuses(t, env, pattern);
  }
  const missing = productionEnv(t);
  rmSync(join(missing.SECRETS_DIR ?? '', 'stripe_webhook_secret'));
  refuses(t, missing, /stripe_webhook_secret is missing/);
  const noChallengeKey = productionEnv(t);
  rmSync(join(noChallengeKey.SECRETS_DIR ?? '', 'altcha_hmac_key'));
  refuses(t, noChallengeKey, /altcha_hmac_key is missing/);
});

test('SEC-CFG-01 a named secret file that is missing, empty or not a file stops the start in any mode', (t) => {
  const dir = tempDir();
  const empty = writeSecret(dir, 'empty', '');
  for (const NODE_ENV of ['development', 'production']) {
    t.throws(() => loadConfig({ NODE_ENV, DATABASE_PASSWORD_FILE: join(dir, 'nope') }), {
      instanceOf: ConfigError,
    });
    t.throws(() => loadConfig({ NODE_ENV, DATABASE_PASSWORD_FILE: empty }), { instanceOf: ConfigError });
    t.throws(() => loadConfig({ NODE_ENV, DATABASE_PASSWORD_FILE: dir }), { instanceOf: ConfigError });
  }
});

test('SEC-DATA-06 production refuses Postgres without verify-full and a readable CA', (t) => {
  refuses(t, { ...productionEnv(t), DATABASE_SSL_MODE: 'require' }, /DATABASE_SSL_MODE must be verify-full/);
  refuses(t, { ...productionEnv(t), DATABASE_SSL_MODE: 'disable' }, /DATABASE_SSL_MODE must be verify-full/);
  refuses(t, { ...productionEnv(t), DATABASE_SSL_MODE: undefined }, /DATABASE_SSL_MODE must be verify-full/);
  refuses(t, { ...productionEnv(t), DATABASE_CA_FILE: undefined }, /DATABASE_CA_FILE is required/);
  refuses(
    t,
    { ...productionEnv(t), DATABASE_CA_FILE: '/nonexistent/ca.pem' },
    /DATABASE_CA_FILE .* is not a readable file/,
  );
  // Query options in the URL would override the TLS settings passed to the driver.
  refuses(
    t,
    { ...productionEnv(t), DATABASE_URL: 'postgres://travelhub_app@db.internal:5432/travelhub?ssl=false' },
    /DATABASE_URL must not set ssl/,
  );
  refuses(
    t,
    { ...productionEnv(t), DATABASE_ADMIN_URL: 'postgres://o@db.internal/travelhub?sslmode=disable' },
    /DATABASE_ADMIN_URL must not set sslmode/,
  );
  refuses(
    t,
    { ...productionEnv(t), DATABASE_URL: `postgres://travelhub_app:${strong()}@db.internal/travelhub` },
    /DATABASE_URL must not contain a password/,
  );
});

test('SEC-DATA-06 production refuses Redis without TLS or without an ACL user', (t) => {
  refuses(
    t,
    { ...productionEnv(t), REDIS_URL: 'redis://redis.internal:6379' },
    /REDIS_URL must use rediss:\/\//,
  );
  refuses(t, { ...productionEnv(t), REDIS_USERNAME: undefined }, /REDIS_USERNAME .* is required/);
  refuses(
    t,
    { ...productionEnv(t), REDIS_USERNAME: 'default' },
    /REDIS_USERNAME must not be the default user/,
  );
  refuses(
    t,
    { ...productionEnv(t), REDIS_URL: `rediss://default:${strong()}@redis.internal:6380` },
    /REDIS_URL must not contain credentials/,
  );
});

test('SEC-DATA-06 production refuses OpenSearch without https or without a user', (t) => {
  refuses(
    t,
    { ...productionEnv(t), OPENSEARCH_URL: 'http://search.internal:9200' },
    /OPENSEARCH_URL must use https:\/\//,
  );
  refuses(t, { ...productionEnv(t), OPENSEARCH_USERNAME: undefined }, /OPENSEARCH_USERNAME is required/);
  refuses(
    t,
    { ...productionEnv(t), OPENSEARCH_URL: `https://admin:${strong()}@search.internal` },
    /OPENSEARCH_URL must not contain a password/,
  );
});

test('SEC-DATA-06 production refuses a Temporal connection without TLS', (t) => {
  refuses(t, { ...productionEnv(t), TEMPORAL_TLS: undefined }, /TEMPORAL_TLS must be true/);
  refuses(t, { ...productionEnv(t), TEMPORAL_TLS: 'false' }, /TEMPORAL_TLS must be true/);
});

test('SEC-CFG-01 SEC-DATA-06 a fully correct production environment loads, deeply frozen', (t) => {
  const env = productionEnv(t);
  const config = loadConfig(env);
  t.is(config.env, 'production');
  t.is(config.database.sslMode, 'verify-full');
  t.true(config.redis.tls.enabled);
  t.true(config.opensearch.tls.enabled);
  t.is(config.redis.username, 'travelhub_api');
  t.true(config.stripe.secretKey?.startsWith('sk_live_'));
  t.true(Object.isFrozen(config) && Object.isFrozen(config.database) && Object.isFrozen(config.redis.tls));
  t.throws(() => {
    (config.database as { sslMode: string }).sslMode = 'disable';
  });
});

test('the daily reconciliation summary goes to RECONCILIATION_REPORT_TO, one plain address: the dev mailbox by default, required in production', (t) => {
  t.is(loadConfig({}).reconciliation.reportTo, DEV_RECONCILIATION_REPORT_TO);
  t.is(
    loadConfig({ RECONCILIATION_REPORT_TO: 'ops@travelhub.example' }).reconciliation.reportTo,
    'ops@travelhub.example',
  );
  for (const bad of [
    'Ops <ops@travelhub.example>',
    'ops@travelhub.example, ceo@travelhub.example',
    'ops@localhost',
    'ops@travelhub.example\r\nBcc: x@evil.example',
  ]) {
    t.throws(() => loadConfig({ RECONCILIATION_REPORT_TO: bad }), {
      instanceOf: ConfigError,
      message: /RECONCILIATION_REPORT_TO/,
    });
  }
  t.is(loadConfig(productionEnv(t)).reconciliation.reportTo, 'finance-ops@travelhub.example');
  refuses(
    t,
    { ...productionEnv(t), RECONCILIATION_REPORT_TO: undefined },
    /RECONCILIATION_REPORT_TO is required/,
  );
  refuses(t, { ...productionEnv(t), RECONCILIATION_REPORT_TO: '' }, /RECONCILIATION_REPORT_TO is required/);
});

test('SEC-CFG-01 numbers in the environment must be plain decimal integers', (t) => {
  for (const raw of ['', ' 5', '0x10', '1e3', '5.0', '-1', '10abc']) {
    t.throws(() => loadConfig({ DATABASE_POOL_MAX: raw }), { instanceOf: ConfigError }, JSON.stringify(raw));
  }
  t.is(loadConfig({ DATABASE_POOL_MAX: '7' }).database.poolMax, 7);
  t.is(loadConfig({ DATABASE_SSL_MODE: '' }).database.sslMode, 'disable', 'an empty variable means unset');
});

test('SEC-CFG-01 the local stack environment connects to Postgres with the app role password read from its file', async (t) => {
  t.truthy(process.env.SECRETS_DIR, 'run through scripts/with-env.sh');
  t.is(process.env.DATABASE_PASSWORD, undefined, 'no plain-variable password is involved');
  t.is(process.env.PGPASSWORD, undefined);
  const config = loadConfig();
  t.truthy(config.database.password);

  // Not `connectionString`: pg lets the URL's (empty) password override an explicit one.
  const url = new URL(config.database.url);
  const connection = {
    host: url.hostname,
    port: Number(url.port),
    user: decodeURIComponent(url.username),
    database: url.pathname.slice(1),
  };
  const client = new pg.Client({ ...connection, password: config.database.password });
  await client.connect();
  try {
    const result = await client.query<{ one: number; role: string }>('SELECT 1 AS one, current_user AS role');
    t.is(result.rows[0]?.one, 1);
    t.is(result.rows[0]?.role, 'travelhub_app');
  } finally {
    await client.end();
  }

  // The password from the file is what makes it work.
  const wrong = new pg.Client({ ...connection, password: strong() });
  await t.throwsAsync(() => wrong.connect(), { message: /password authentication failed/ });
  await wrong.end().catch(() => undefined);
});

test('SEC-DATA-02 the key provider is chosen in config: local by default, aws-kms only with a key id', (t) => {
  t.deepEqual(loadConfig({}).keys, { provider: 'local' });
  t.deepEqual(loadConfig({ KEY_PROVIDER: 'aws-kms', AWS_KMS_KEY_ID: 'alias/kek' }).keys, {
    provider: 'aws-kms',
    awsKmsKeyId: 'alias/kek',
  });
  t.throws(() => loadConfig({ KEY_PROVIDER: 'aws-kms' }), {
    instanceOf: ConfigError,
    message: /AWS_KMS_KEY_ID/,
  });
  t.throws(() => loadConfig({ KEY_PROVIDER: 'vault' }), { instanceOf: ConfigError, message: /KEY_PROVIDER/ });
});
