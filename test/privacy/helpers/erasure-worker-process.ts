import { createErasureActivities } from '../../../activities/privacy/erasure-activities';
import { attachKeyring } from '../../../db/encrypted';
import { createSequelize, failFastRedis } from '../../../lib/clients';
import { createTemporalClient } from '../../../lib/clients/temporal';
import { loadConfig } from '../../../lib/config';
import { keyringFromConfig } from '../../../lib/crypto';
import { redisSessionStore } from '../../../services/sessions/session-store';
import { createWorker } from '../../../workers/bootstrap';

/**
 * A real maintenance-pool worker in a process of its own running the erasure steps, for the test
 * that kills it mid-erasure:
 *   ERASURE_TASK_QUEUE      the private queue of the steps
 *   ERASURE_DATABASE        JSON {url, adminUrl} of the private database
 *   ERASURE_SESSION_PREFIX  the test app's session key prefix in Redis
 * Prints `ready` on stdout once it polls; runs until it is killed.
 */
async function main() {
  const taskQueue = process.env.ERASURE_TASK_QUEUE;
  const database = process.env.ERASURE_DATABASE;
  const prefix = process.env.ERASURE_SESSION_PREFIX;
  if (!taskQueue || !database || !prefix)
    throw new Error('ERASURE_TASK_QUEUE, _DATABASE, _SESSION_PREFIX are required');
  const base = loadConfig(process.env);
  const config = { ...base, database: { ...base.database, ...(JSON.parse(database) as object) } };
  const sequelize = createSequelize(config, 'app');
  attachKeyring(sequelize, keyringFromConfig(config, sequelize));
  const redis = failFastRedis(base.redis);
  const s = base.sessions;
  const activities = createErasureActivities({
    sequelize,
    sessions: redisSessionStore(redis, {
      prefix,
      idleTimeoutSeconds: s.idleTimeoutSeconds,
      maxPerUser: s.maxPerUser,
      longestLifetimeSeconds: Math.max(s.customerLifetimeSeconds, s.adminLifetimeSeconds),
    }),
    temporal: await createTemporalClient(config),
  });
  // Its payload codec's keys are the private database's, as the test's client's.
  const { worker } = await createWorker({ pool: 'maintenance', taskQueue, activities, config });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
