import type { Sequelize } from 'sequelize';
import { createKeyStoreSequelize, createSequelize } from '../../../lib/clients/database';
import { attachKeyring } from '../../../db/encrypted';
import { initCustomerProfile } from '../../../db/models/customer-profile';
import { keyringFromConfig, type Keyring, type KeyringOptions } from '../../../lib/crypto';
import { freshDatabase, type TestDatabase } from '../../helpers/databases';
import { tempKekDir, type TempSecrets } from './temp-kek';

/** A keyring's tuning knobs (caches, grace, audit), without its provider and connections. */
export type KeyringTuning = Omit<KeyringOptions, 'provider' | 'sequelize' | 'keyStore'>;

export interface CryptoDatabase {
  db: TestDatabase;
  /** App role (DML only): what the API and workers use. */
  sequelize: Sequelize;
  /** App role on the database's private key store (`user_keys`, SEC-DATA-04). */
  keyStore: Sequelize;
  keyring: Keyring;
  secrets: TempSecrets;
  /** Another keyring on the same database and KEK with an empty cache: "another process". */
  newKeyring(options?: KeyringTuning): Keyring;
  close(): Promise<void>;
}

/**
 * A private migrated database, a temporary KEK file read the production way
 * (keyringFromConfig with SECRETS_DIR), a keyring attached to the app-role connection and the
 * example encrypted model initialized on it.
 */
export async function cryptoDatabase(options: KeyringTuning = {}): Promise<CryptoDatabase> {
  const db = await freshDatabase();
  const secrets = tempKekDir();
  const sequelize = createSequelize(db.config, 'app');
  const keyStore = createKeyStoreSequelize(db.config, 'app');
  const newKeyring = (o: KeyringTuning = options) =>
    keyringFromConfig(db.config, sequelize, { ...o, keyStore, env: { SECRETS_DIR: secrets.dir } });
  const keyring = newKeyring();
  attachKeyring(sequelize, keyring);
  initCustomerProfile(sequelize);
  return {
    db,
    sequelize,
    keyStore,
    keyring,
    secrets,
    newKeyring,
    async close() {
      await sequelize.close();
      await keyStore.close();
      await db.drop();
      secrets.remove();
    },
  };
}
