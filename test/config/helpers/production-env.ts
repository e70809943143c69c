import type { ExecutionContext } from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const strong = () => randomBytes(32).toString('base64url');

/**
 * A production environment that passes every rule of the production guard: strong secrets in a
 * secret directory, TLS to every data store and partner. Removed when the test ends.
 */
export function productionEnv(t: ExecutionContext): NodeJS.ProcessEnv {
  const root = mkdtempSync(join(tmpdir(), 'travelhub-production-env-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const secrets = join(root, 'secrets');
  mkdirSync(secrets, { mode: 0o700 });
  const write = (dir: string, name: string, value: string) => {
    writeFileSync(join(dir, name), `${value}\n`, { mode: 0o600 });
    return join(dir, name);
  };
  for (const name of [
    'database_password',
    'keys_database_password',
    'redis_password',
    'opensearch_password',
    'supplier_hotel_secret',
    'supplier_flight_secret',
    'altcha_hmac_key',
  ]) {
    write(secrets, name, strong());
  }
  write(secrets, 'stripe_secret_key', `sk_live_${strong()}`);
  write(secrets, 'stripe_webhook_secret', `whsec_${strong()}`);
  const logs = join(root, 'logs');
  mkdirSync(logs, { mode: 0o700 });
  const ca = write(root, 'db-ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----');
  return {
    NODE_ENV: 'production',
    SECRETS_DIR: secrets,
    DATABASE_URL: 'postgres://travelhub_app@db.internal:5432/travelhub',
    DATABASE_ADMIN_URL: 'postgres://travelhub_owner@db.internal:5432/travelhub',
    KEYS_DATABASE_URL: 'postgres://travelhub_keys_app@keys-db.internal:5432/travelhub_keys',
    KEYS_DATABASE_ADMIN_URL: 'postgres://travelhub_keys_owner@keys-db.internal:5432/travelhub_keys',
    DATABASE_SSL_MODE: 'verify-full',
    DATABASE_CA_FILE: ca,
    REDIS_URL: 'rediss://redis.internal:6380',
    REDIS_USERNAME: 'travelhub_api',
    OPENSEARCH_URL: 'https://search.internal:9200',
    OPENSEARCH_USERNAME: 'travelhub_search',
    TEMPORAL_TLS: 'true',
    SUPPLIER_URL: 'https://suppliers.travelhub.internal',
    CORS_ORIGINS: 'https://app.travelhub.example',
    RECONCILIATION_REPORT_TO: 'finance-ops@travelhub.example',
    LOG_DIR: logs,
  };
}
