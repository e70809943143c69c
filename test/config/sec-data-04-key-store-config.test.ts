import test from 'ava';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { UnsafeProductionConfigError, loadConfig } from '../../lib/config';
import { keyStoreAddress } from '../../lib/config/key-store';
import { productionEnv } from './helpers/production-env';

test('SEC-DATA-04 production refuses a key store that is not named, shares the main database’s server, or has no password file', (t) => {
  const refused: [NodeJS.ProcessEnv, RegExp][] = [
    [{ KEYS_DATABASE_URL: '' }, /KEYS_DATABASE_URL and KEYS_DATABASE_ADMIN_URL are required/],
    [{ KEYS_DATABASE_ADMIN_URL: '' }, /KEYS_DATABASE_URL and KEYS_DATABASE_ADMIN_URL are required/],
    [
      { KEYS_DATABASE_URL: 'postgres://travelhub_keys_app@db.internal:5432/travelhub_keys' },
      /KEYS_DATABASE_URL must name another server than DATABASE_URL/,
    ],
    [
      {
        KEYS_DATABASE_URL:
          'postgres://travelhub_keys_app@keys-db.internal:5432/travelhub_keys?sslmode=disable',
      },
      /KEYS_DATABASE_URL must not set sslmode/,
    ],
  ];
  for (const [override, problem] of refused) {
    t.throws(() => loadConfig({ ...productionEnv(t), ...override }), {
      instanceOf: UnsafeProductionConfigError,
      message: problem,
    });
  }
  const env = productionEnv(t);
  rmSync(join(env.SECRETS_DIR!, 'keys_database_password'));
  t.throws(() => loadConfig(env), {
    instanceOf: UnsafeProductionConfigError,
    message: /keys_database_password/,
  });
  t.is(loadConfig(productionEnv(t)).env, 'production');
});

test('SEC-DATA-04 outside production the key store is the main database’s name + _keys, on its server and roles, and follows it', (t) => {
  const config = loadConfig({
    DATABASE_URL: 'postgres://travelhub_app@127.0.0.1:55432/travelhub',
    DATABASE_ADMIN_URL: 'postgres://travelhub_owner@127.0.0.1:55432/travelhub',
  });
  t.like(keyStoreAddress(config), {
    url: 'postgres://travelhub_app@127.0.0.1:55432/travelhub_keys',
    adminUrl: 'postgres://travelhub_owner@127.0.0.1:55432/travelhub_keys',
  });
  const moved = {
    ...config,
    database: { ...config.database, url: 'postgres://travelhub_app@127.0.0.1:55432/th_test_1' },
  };
  t.is(keyStoreAddress(moved).url, 'postgres://travelhub_app@127.0.0.1:55432/th_test_1_keys');
  const named = loadConfig({ KEYS_DATABASE_URL: 'postgres://keys_app@keys.internal:5432/keys' });
  t.is(keyStoreAddress(named).url, 'postgres://keys_app@keys.internal:5432/keys');
});
