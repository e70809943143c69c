import { randomBytes } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { createMaintenanceActivities } from '../../activities/maintenance/maintenance-activities';
import {
  loadAuditSigner,
  loadAuditVerifyKeys,
  type AuditSigner,
  type AuditVerifyKeys,
} from '../../lib/audit';
import { loadConfig } from '../../lib/config';
import { taskQueues, type TaskQueues } from '../../lib/temporal/task-queues';
import type { AuditTestDb } from '../audit/helpers/audit-db';
import { startWorkers } from './temporal-workers';

/** The dev stack's checkpoint key pair, read from the secret files as the worker reads them. */
export function stackAuditKeys(): { signer: AuditSigner; keys: AuditVerifyKeys } {
  const signer = loadAuditSigner();
  if (!signer)
    throw new Error('audit_signing_key is missing from SECRETS_DIR: run through scripts/with-env.sh');
  return { signer, keys: loadAuditVerifyKeys() };
}

/** The activities workers/maintenance.ts registers, bound to a private database. */
export function maintenanceActivitiesFor(h: AuditTestDb) {
  const { signer, keys } = stackAuditKeys();
  return createMaintenanceActivities({
    sequelize: h.app,
    owner: h.owner,
    signer,
    auditKeys: keys,
    webhookEventRetentionSeconds: loadConfig().stripe.webhookEventRetentionSeconds,
    retention: loadConfig().retention,
  });
}

export interface MaintenanceHarness {
  /** Suffixed queues of this harness only: no other worker polls them. */
  queues: TaskQueues;
  run: string;
  client: Client;
  stop(): Promise<void>;
}

/**
 * A real in-process maintenance worker (the maintenance workflows bundle) polling a queue of
 * its own against the running dev server, plus a client. `logLevel` 'error' keeps a test's
 * deliberate activity failures out of the output.
 */
export async function startMaintenanceWorker(
  activities: object,
  { logLevel = 'warn' }: { logLevel?: 'warn' | 'error' } = {},
): Promise<MaintenanceHarness> {
  const run = randomBytes(5).toString('hex');
  const workers = await startWorkers({
    config: loadConfig(),
    queues: taskQueues(`m${run}`),
    logLevel,
    workers: [
      { pool: 'maintenance', workflowsPath: require.resolve('../../workflows/maintenance-pool'), activities },
    ],
  });
  return { queues: workers.queues, run, client: workers.client, stop: workers.stop };
}

/** The task queue of every activity the workflow scheduled, from its history. */
export async function activityQueues(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const name = e.activityTaskScheduledEventAttributes?.taskQueue?.name;
    return name ? [name] : [];
  });
}
