import { createSequelize } from '../../../lib/clients/database';
import { createAuditWriter } from '../../../lib/audit';
import { loadConfig } from '../../../lib/config';
import { createWriteAudit } from '../../../activities/audit/write-audit';
import {
  createBookingRetentionActivities,
  createTokenPurgeActivities,
} from '../../../activities/maintenance/maintenance-activities';
import { createWorker } from '../../../workers/bootstrap';

/**
 * A real maintenance-pool worker in a process of its own, for tests that kill it mid-run: the
 * retention activities workers/maintenance.ts registers, one row per batch, against the test's
 * private database, polling a private queue.
 *   RETENTION_TASK_QUEUE  the private queue
 *   RETENTION_DATABASE    JSON {url, adminUrl} of the private database
 * Prints `ready` on stdout once it polls; runs until it is killed.
 */
async function main() {
  const taskQueue = process.env.RETENTION_TASK_QUEUE;
  const database = process.env.RETENTION_DATABASE;
  if (!taskQueue || !database) throw new Error('RETENTION_TASK_QUEUE and RETENTION_DATABASE are required');
  const base = loadConfig(process.env);
  // The worker itself (its payload codec's keys) stays on the stack's database, as the test's.
  const sequelize = createSequelize(
    { ...base, database: { ...base.database, ...(JSON.parse(database) as object) } },
    'app',
  );
  const one = { batchSize: 1 };
  const activities = {
    ...createTokenPurgeActivities({ sequelize, ...one }),
    ...createBookingRetentionActivities({ sequelize, retention: base.retention, ...one }),
    writeAudit: createWriteAudit({ writer: createAuditWriter(sequelize) }),
  };
  const { worker } = await createWorker({ pool: 'maintenance', taskQueue, activities, config: base });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
