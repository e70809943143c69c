import type { Sequelize } from 'sequelize';
import { createCheckDatabase } from './check-database';
import { ping } from './ping';

/** Liveness probes a pool registers: `ping` needs nothing, `checkDatabase` the pool's database. */
export function createHealthActivities({ sequelize }: { sequelize: Sequelize }) {
  return { ping, checkDatabase: createCheckDatabase(sequelize) };
}

export type HealthActivities = ReturnType<typeof createHealthActivities>;
export type { DatabaseCheck } from './check-database';
export { ping, type Pong } from './ping';
