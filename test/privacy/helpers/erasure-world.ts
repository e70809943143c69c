import { randomBytes, randomUUID } from 'node:crypto';
import test from 'ava';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createErasureActivities } from '../../../activities/privacy/erasure-activities';
import { bookingModels } from '../../../db/models/booking-models';
import { createSequelize } from '../../../lib/clients/database';
import type { Config } from '../../../lib/config';
import { taskQueues, type TaskQueues } from '../../../lib/temporal/task-queues';
import type { ErasureDeps } from '../../../services/privacy/erasure-request';
import type { ErasureStepDeps } from '../../../services/privacy/erasure-steps';
import { redisSessionStore } from '../../../services/sessions/session-store';
import { up as accountErasureMigration } from '../../../db/migrations/0760-account-erasure';
import { identityApp, type IdentityApp } from '../../accounts/helpers/identity-app';
import { startWorkers, type TestWorkers } from '../../helpers/temporal-workers';

export interface ErasureWorld {
  app: IdentityApp;
  queues: TaskQueues;
  suffix: string;
  workers: TestWorkers;
  steps: ErasureStepDeps;
  /** The services' deps with a short grace (the route's is the config's 30 days). */
  erasure(graceSeconds: number): ErasureDeps;
}

/**
 * The identity app (real routes, sessions, step-up) on a private database and private task queues,
 * plus a real maintenance worker on those queues that runs the erasure workflow and its steps
 * against the same database and session store.
 */
export function erasureWorld(what: string, { worker = true }: { worker?: boolean } = {}): ErasureWorld {
  const suffix = `e${randomBytes(5).toString('hex')}`;
  const queues = taskQueues(suffix);
  const app = identityApp(what, {
    adjust: (c: Config) => ({ ...c, temporal: { ...c.temporal, taskQueueSuffix: suffix } }),
  });
  const world = { app, queues, suffix } as ErasureWorld;
  test.serial.before(async () => {
    await applyErasureMigration(app.db.config);
    const s = app.db.config.sessions;
    world.steps = {
      sequelize: app.sequelize,
      sessions: redisSessionStore(app.redis, {
        prefix: `${app.keyPrefix}sess:`,
        idleTimeoutSeconds: s.idleTimeoutSeconds,
        maxPerUser: s.maxPerUser,
        longestLifetimeSeconds: Math.max(s.customerLifetimeSeconds, s.adminLifetimeSeconds),
      }),
      temporal: undefined as unknown as ErasureStepDeps['temporal'],
    };
    world.workers = await startWorkers({
      config: app.db.config,
      queues,
      logLevel: 'error',
      workers: worker
        ? [
            {
              pool: 'maintenance',
              workflowsPath: require.resolve('../../../workflows/maintenance-pool'),
              activities: createErasureActivities(world.steps),
            },
          ]
        : [],
    });
    world.steps.temporal = world.workers.client;
    world.erasure = (graceSeconds) => ({
      accounts: app.deps,
      temporal: world.workers.client,
      queues,
      graceSeconds,
    });
  });
  test.after.always(async () => {
    await world.workers?.stop();
  });
  return world;
}

/** 0760 on the private database when its template predates it (the template is migrated by CI). */
async function applyErasureMigration(config: Config): Promise<void> {
  const owner = createSequelize(config, 'owner');
  try {
    const [row] = await owner.query<{ present: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM information_schema.columns
         WHERE table_name = 'users' AND column_name = 'pseudonym') AS present`,
      { type: QueryTypes.SELECT },
    );
    if (!row?.present) {
      await accountErasureMigration({ sequelize: owner, queryInterface: owner.getQueryInterface() });
    }
  } finally {
    await owner.close();
  }
}

export interface PlantedTrip {
  bookingId: string;
  pendingId: string;
}

/**
 * A CONFIRMED booking of `userId` with notes and a passenger (encrypted under the user's key),
 * and a PENDING one whose saga is gone (the step leaves it to the anonymisation).
 */
export async function plantTrip(sequelize: Sequelize, userId: string): Promise<PlantedTrip> {
  const { Booking, BookingPassenger } = bookingModels(sequelize);
  const booking = async (status: string) => {
    const key = randomUUID();
    return Booking.create({
      user_id: userId,
      idempotency_key: key,
      workflow_id: `booking-${userId}-${key}`,
      status,
      kind: 'hotel',
      supplier: 'hotel',
      amount_minor: 123_45,
      currency: 'EUR',
      details: { nights: 2 },
      notes: 'gluten-free meals, wheelchair',
    });
  };
  const confirmed = await booking('CONFIRMED');
  const pending = await booking('PENDING');
  await BookingPassenger.create({
    booking_id: confirmed.id,
    user_id: userId,
    position: 0,
    first_name: 'Ada',
    last_name: 'Lovelace',
    passport_number: 'X1234567',
    date_of_birth: '1990-12-10',
  });
  return { bookingId: confirmed.id, pendingId: pending.id };
}
