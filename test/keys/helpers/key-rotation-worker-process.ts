import { createKeyRotationActivities } from '../../../activities/keys/key-rotation-activities';
import { attachKeyring } from '../../../db/encrypted';
import { createSequelize } from '../../../lib/clients/database';
import { loadConfig } from '../../../lib/config';
import { keyringFromConfig } from '../../../lib/crypto';
import { createWorker } from '../../../workers/bootstrap';

/**
 * A real maintenance-pool worker in a process of its own running the key-rotation activities,
 * for tests that kill it mid-rotation. Its keyring reads the test's KEK, sees rotations at once
 * and waits no grace (as the test's own keyring).
 *   KEY_ROTATION_TASK_QUEUE  the private queue
 *   KEY_ROTATION_DATABASE    JSON {url, adminUrl} of the private database
 *   KEY_ROTATION_KEK_DIR     the SECRETS_DIR holding the test's `kek`
 * Prints `ready` on stdout once it polls; runs until it is killed.
 */
async function main() {
  const taskQueue = process.env.KEY_ROTATION_TASK_QUEUE;
  const database = process.env.KEY_ROTATION_DATABASE;
  const kekDir = process.env.KEY_ROTATION_KEK_DIR;
  if (!taskQueue || !database || !kekDir) {
    throw new Error('KEY_ROTATION_TASK_QUEUE, KEY_ROTATION_DATABASE and KEY_ROTATION_KEK_DIR are required');
  }
  const base = loadConfig(process.env);
  const privateDb = { ...base, database: { ...base.database, ...(JSON.parse(database) as object) } };
  const sequelize = createSequelize(privateDb, 'app');
  attachKeyring(
    sequelize,
    keyringFromConfig(privateDb, sequelize, {
      activeVersionTtlMs: 0,
      retireGraceMs: 0,
      env: { SECRETS_DIR: kekDir },
    }),
  );
  const activities = createKeyRotationActivities({ sequelize });
  const { worker } = await createWorker({ pool: 'maintenance', taskQueue, activities, config: base });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
