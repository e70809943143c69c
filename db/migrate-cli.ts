import { config } from '../lib/config';
import { createSequelize } from '../lib/clients/database';
import { createMigrator } from './migrator';

/** `tsx db/migrate-cli.ts up|down|pending` — run by scripts/up.sh and scripts/test.sh. */
async function main() {
  const command = process.argv[2] ?? 'up';
  const sequelize = createSequelize(config(), 'owner');
  const migrator = createMigrator(sequelize);
  try {
    if (command === 'up') {
      const done = await migrator.up();
      console.log(`migrations applied: ${done.length}`);
    } else if (command === 'down') {
      const done = await migrator.down();
      console.log(`migrations reverted: ${done.map((m) => m.name).join(', ') || 'none'}`);
    } else if (command === 'pending') {
      console.log((await migrator.pending()).map((m) => m.name).join('\n'));
    } else {
      throw new Error(`unknown command ${command}`);
    }
  } finally {
    await sequelize.close();
  }
}

main().catch((err: unknown) => {
  console.error(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
