import { randomUUID } from 'node:crypto';
import { createOpenSearch } from '../../lib/clients';
import { config } from '../../lib/config';
import { ensureSearchIndices } from '../../services/search';
import { createTemporalClient } from '../../lib/clients/temporal';
import { taskQueues } from '../../lib/temporal/task-queues';
import { inventorySyncWorkflow } from '../../workflows/maintenance-pool';

/**
 * Operator command for the search indices:
 *   node --import tsx tools/search-index/main.ts ensure   # the migration step: aliases + mappings (idempotent)
 *   node --import tsx tools/search-index/main.ts sync     # one inventory sync through the maintenance pool
 */
async function ensure(): Promise<void> {
  const cfg = config();
  const client = createOpenSearch(cfg);
  try {
    const indices = await ensureSearchIndices(client, cfg.search.indexPrefix);
    for (const [kind, index] of Object.entries(indices)) console.log(`search index ${kind}: ${index}`);
  } finally {
    await client.close();
  }
}

async function sync(): Promise<void> {
  const cfg = config();
  const client = await createTemporalClient(cfg);
  try {
    // The configured suffix: a test run's own workers (TEMPORAL_TASK_QUEUE_SUFFIX) run its sync.
    const queues = taskQueues(cfg.temporal.taskQueueSuffix);
    const result = await client.workflow.execute(inventorySyncWorkflow, {
      taskQueue: queues.maintenance,
      workflowId: `inventory-sync-manual-${randomUUID().slice(0, 8)}`,
      args: [{ taskQueues: { maintenance: queues.maintenance } }],
      workflowExecutionTimeout: '25 minutes',
    });
    for (const s of result.synced)
      console.log(`synced ${s.supplier}: ${s.indexed} items (${s.rejected} rejected) into ${s.index}`);
    for (const f of result.failed)
      console.log(`FAILED ${f.supplier}: ${f.error} (last good data still served)`);
    if (result.failed.length > 0) process.exitCode = 1;
  } finally {
    await client.connection.close();
  }
}

const command = process.argv[2];
const run = command === 'ensure' ? ensure : command === 'sync' ? sync : undefined;
if (!run) {
  console.error('usage: tools/search-index/main.ts ensure|sync');
  process.exit(2);
}
run().catch((err: unknown) => {
  console.error(`search-index ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
