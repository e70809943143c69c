import test from 'ava';
import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../../lib/clients/database';
import { freshDatabase, type TestDatabase } from './databases';
import { deleteByPrefix, readyRedis, uniquePrefix } from './redis-keys';

export interface PrivateStores {
  db: TestDatabase;
  /** The app role on `db`. */
  sequelize: Sequelize;
  /** The shared test Redis; this file's keys all start with `keyPrefix`. */
  redis: Redis;
  keyPrefix: string;
}

/**
 * Registers the file's hooks: a private database, an app-role connection and the shared Redis
 * before its tests; its Redis keys, connections and database removed after them.
 */
export function privateStores(what: string): PrivateStores {
  const stores = { keyPrefix: uniquePrefix(what) } as PrivateStores;
  test.before(async () => {
    stores.db = await freshDatabase();
    stores.sequelize = createSequelize(stores.db.config, 'app');
    stores.redis = await readyRedis();
  });
  test.after.always(async () => {
    if (stores.redis) {
      await deleteByPrefix(stores.redis, stores.keyPrefix);
      stores.redis.disconnect();
    }
    await stores.sequelize?.close();
    await stores.db?.drop();
  });
  return stores;
}
