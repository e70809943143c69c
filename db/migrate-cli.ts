import { config } from '../lib/config';
import { createKeyStoreSequelize, createSequelize } from '../lib/clients/database';
import { createMigrator } from './migrator';

/**
 * `tsx db/migrate-cli.ts up|down|pending` — run by scripts/prepare-db.sh (scripts/up.sh,
 * scripts/test.sh). `up` migrates the key store first (SEC-DATA-04: main migration 0770 moves
 * user keys into it), then the main database; `down` reverts the main database's last migration;
 * `pending` lists both, the key store's prefixed `key-store/`.
 */
async function main() {
  const command = process.argv[2] ?? 'up';
  const sequelize = createSequelize(config(), 'owner');
  const keyStore = createKeyStoreSequelize(config(), 'owner');
  const migrator = createMigrator(sequelize);
  const keyStoreMigrator = createMigrator(keyStore, 'key-store-migrations');
  try {
    if (command === 'up') {
      const keys = await keyStoreMigrator.up();
      const done = await migrator.up();
      console.log(`migrations applied: ${done.length} (key store: ${keys.length})`);
    } else if (command === 'down') {
      const done = await migrator.down();
      console.log(`migrations reverted: ${done.map((m) => m.name).join(', ') || 'none'}`);
    } else if (command === 'pending') {
      const keys = (await keyStoreMigrator.pending()).map((m) => `key-store/${m.name}`);
      console.log([...keys, ...(await migrator.pending()).map((m) => m.name)].join('\n'));
    } else {
      throw new Error(`unknown command ${command}`);
    }
  } finally {
    await sequelize.close();
    await keyStore.close();
  }
}

main().catch((err: unknown) => {
  console.error(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
