import { randomUUID } from 'node:crypto';
import { config } from '../../lib/config';
import { createTemporalClient } from '../../lib/clients/temporal';
import { taskQueues } from '../../lib/temporal/task-queues';
import { startPlatformCheck } from './start';

/**
 * Operator command: runs the platform-check workflow through the running worker pools (workflow
 * code on the booking queue, a database read on maintenance, an email on notify) and waits for it.
 *   node --import tsx tools/platform-check/main.ts [recipient]
 */
async function main(): Promise<void> {
  const recipient = process.argv[2] ?? 'operators@travelhub.example';
  const client = await createTemporalClient(config());
  try {
    const checkId = `${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
    const handle = await startPlatformCheck(client, { checkId, recipient, queues: taskQueues() });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error('no result within 60 s: are the worker pools running?')),
        60_000,
      ).unref(),
    );
    const result = await Promise.race([handle.result(), timeout]);
    console.log(
      `platform check passed: workflow ${result.workflowId}, database time ${result.database.databaseTime}, ` +
        `mail ${result.email.messageId} to ${recipient}`,
    );
  } finally {
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(`platform check failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
