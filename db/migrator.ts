import { Umzug, SequelizeStorage } from 'umzug';
import type { QueryInterface, Sequelize } from 'sequelize';
import { join } from 'node:path';

export interface MigrationContext {
  sequelize: Sequelize;
  queryInterface: QueryInterface;
}

/** The folder (under db/) of a database's migrations. */
export type MigrationSet = 'migrations' | 'key-store-migrations';

/**
 * Migrations are the TypeScript files in db/migrations (the main database) or
 * db/key-store-migrations (the user-key store, SEC-DATA-04), applied in name order by the owner
 * role. Each exports `up` and `down` taking a MigrationContext.
 */
export function createMigrator(sequelize: Sequelize, set: MigrationSet = 'migrations') {
  return new Umzug<MigrationContext>({
    migrations: {
      glob: [`${set}/*.ts`, { cwd: __dirname, ignore: ['**/*.d.ts'] }],
      resolve: ({ name, path, context }) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const migration = require(path ?? join(__dirname, set, name));
        return { name, up: () => migration.up(context), down: () => migration.down(context) };
      },
    },
    context: { sequelize, queryInterface: sequelize.getQueryInterface() },
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
}
