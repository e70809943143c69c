import type { Sequelize } from 'sequelize';
import { createKeyStoreSequelize, type DatabaseRole } from '../lib/clients/database';
import { config } from '../lib/config';

/**
 * A connection to the key store of the database `sequelize` is connected to (SEC-DATA-04): the
 * configured KEYS_DATABASE_URL, else `<that database>_keys` beside it. For migrations, which are
 * handed only the main database's connection (a test migrates its private database, whose key
 * store is private too). The caller closes it.
 */
export function keyStoreBeside(sequelize: Sequelize, role: DatabaseRole): Sequelize {
  const cfg = config();
  const at = (address: string) => {
    const url = new URL(address);
    url.pathname = `/${sequelize.getDatabaseName()}`;
    return url.toString();
  };
  const database = { ...cfg.database, url: at(cfg.database.url), adminUrl: at(cfg.database.adminUrl) };
  return createKeyStoreSequelize({ ...cfg, database }, role);
}
