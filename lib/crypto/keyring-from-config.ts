import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Sequelize } from 'sequelize';
import { createAuditWriter } from '../audit';
import { createKeyStoreSequelize } from '../clients/database';
import type { Config } from '../config';
import { secretReader } from '../config/secrets';
import { AwsKmsProvider, type KmsClient } from './aws-kms-provider';
import { KeyConfigurationError } from './errors';
import { keyAuditor } from './key-audit';
import type { KeyProvider } from './key-provider';
import { Keyring, type KeyringOptions } from './keyring';
import { LocalKeyFileProvider, parseKek } from './local-key-file-provider';

/** Secret files the local provider reads (`$SECRETS_DIR/<name>` or `<NAME>_FILE`). */
export const KEK_SECRET = 'kek';
export const PREVIOUS_KEK_SECRET = 'kek_previous';

export interface KeyProviderOptions {
  env?: NodeJS.ProcessEnv;
  /** Required when config.keys.provider is aws-kms: an adapter over the AWS SDK's KMS client. */
  kmsClient?: KmsClient;
}

function kekPath(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[`${name.toUpperCase()}_FILE`] ?? (env.SECRETS_DIR ? join(env.SECRETS_DIR, name) : undefined);
}

/**
 * config.keys.provider local (default): KEK from the `kek` secret file, plus `kek_previous` while a
 * KEK rotation is under way; aws-kms: config.keys.awsKmsKeyId through the injected client.
 * A KEK given as a plain environment variable is refused (SEC-CFG-01); in production the KEK
 * file must not be readable by group or others.
 */
export function keyProviderFromConfig(
  config: Pick<Config, 'env'> & Partial<Pick<Config, 'keys'>>,
  options: KeyProviderOptions = {},
): KeyProvider {
  const env = options.env ?? process.env;
  const secrets = secretReader(env);
  const leaks = secrets.plainEnvironmentLeaks([KEK_SECRET, PREVIOUS_KEK_SECRET]);
  if (leaks.length > 0) {
    throw new KeyConfigurationError(
      `${leaks.join(', ')} must be mounted as files, not set as environment variables`,
    );
  }
  const keys = config.keys ?? { provider: 'local' };
  if (keys.provider === 'aws-kms') {
    if (!options.kmsClient) throw new KeyConfigurationError('KEY_PROVIDER=aws-kms needs a KMS client');
    return new AwsKmsProvider(options.kmsClient, keys.awsKmsKeyId ?? '');
  }

  const current = secrets.read(KEK_SECRET);
  if (!current) {
    throw new KeyConfigurationError(
      `the KEK secret file is missing (give ${KEK_SECRET.toUpperCase()}_FILE or SECRETS_DIR/${KEK_SECRET})`,
    );
  }
  if (config.env === 'production') {
    const path = kekPath(env, KEK_SECRET);
    if (path && (statSync(path).mode & 0o077) !== 0) {
      throw new KeyConfigurationError('the KEK file must not be readable by group or others (chmod 600)');
    }
  }
  const previous = secrets.read(PREVIOUS_KEK_SECRET);
  const keks = [
    parseKek(current, KEK_SECRET),
    ...(previous ? [parseKek(previous, PREVIOUS_KEK_SECRET)] : []),
  ];
  try {
    return new LocalKeyFileProvider(keks[0]!, keks.slice(1));
  } finally {
    for (const kek of keks) kek.fill(0); // the provider keeps its own KeyObject copies
  }
}

/** Makes `app.close()` close `keyStore` too: the key store connection lives as long as the app's. */
function closingWith(app: Sequelize, keyStore: Sequelize): void {
  const closeApp = app.close.bind(app);
  app.close = async () => {
    try {
      await closeApp();
    } finally {
      await keyStore.close();
    }
  };
}

/**
 * The process keyring for the main database's app-role connection `sequelize` (class keys, the
 * shred list; its key changes are audited there) and the key store's (`user_keys`, SEC-DATA-04):
 * `options.keyStore` when the caller holds one, else an app-role connection to config's key store
 * (lib/config/key-store.ts) that `sequelize.close()` closes.
 */
export function keyringFromConfig(
  config: Pick<Config, 'env' | 'database' | 'serviceName'> & Partial<Pick<Config, 'keys' | 'keyStore'>>,
  sequelize: Sequelize,
  options: KeyProviderOptions &
    Omit<KeyringOptions, 'provider' | 'sequelize' | 'keyStore'> & { keyStore?: Sequelize } = {},
): Keyring {
  const { env, kmsClient, keyStore: given, ...keyringOptions } = options;
  const provider = keyProviderFromConfig(config, { env, kmsClient });
  let keyStore = given;
  if (!keyStore) {
    keyStore = createKeyStoreSequelize(config, 'app');
    closingWith(sequelize, keyStore);
  }
  return new Keyring({
    audit: keyAuditor(sequelize, createAuditWriter(sequelize)),
    ...keyringOptions,
    provider,
    sequelize,
    keyStore,
  });
}
