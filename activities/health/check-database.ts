import { activityInfo } from '@temporalio/activity';
import { QueryTypes, type Sequelize } from 'sequelize';

export interface DatabaseCheck {
  /** Postgres' own clock, ISO 8601. */
  databaseTime: string;
  /** The role the worker is connected as (the app role: DML only). */
  databaseUser: string;
  /** The task queue this activity ran on. */
  taskQueue: string;
}

/** Reads the database clock through the worker's pool: proves the pool reaches Postgres. */
export function createCheckDatabase(sequelize: Sequelize) {
  return async function checkDatabase(): Promise<DatabaseCheck> {
    const rows = await sequelize.query<{ now: Date; role: string }>(
      'SELECT now() AS now, current_user AS role',
      {
        type: QueryTypes.SELECT,
      },
    );
    const row = rows[0];
    if (!row) throw new Error('SELECT now() returned no row');
    return {
      databaseTime: row.now.toISOString(),
      databaseUser: row.role,
      taskQueue: activityInfo().taskQueue,
    };
  };
}
