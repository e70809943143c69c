import { parseArgs } from 'node:util';
import { createTemporalClient } from '../../lib/clients/temporal';
import { config } from '../../lib/config';
import { DATA_CLASSES, isDataClass } from '../../lib/crypto/data-class';
import { taskQueues } from '../../lib/temporal/task-queues';
import type { KeyRotationSummary } from '../../workflows/maintenance-pool';
import { startKeyRotation } from './start-rotation';

const USAGE = `usage: node --import tsx tools/keys/main.ts <rotate|finish> <${DATA_CLASSES.join('|')}> [--wait] [--prefix travelhub] [--queue-suffix <suffix>]`;

/**
 * The operator command for a data key rotation (SEC-DATA-02, docs/keys.md): starts the rotation
 * workflow of one data class on the maintenance pool (`rotate`, or `finish` for versions a
 * rotation left `retiring`: pii's) and prints its workflow id; with `--wait`,
 * waits for it and prints what it did. Batch sizes come from lib/config (`KEY_ROTATION_*`).
 * Exit 0 when started (or finished, with --wait), 1 otherwise (2: bad arguments).
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      wait: { type: 'boolean', default: false },
      prefix: { type: 'string', default: 'travelhub' },
      'queue-suffix': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [command, dataClass] = positionals;
  if (
    (command !== 'rotate' && command !== 'finish') ||
    !dataClass ||
    !isDataClass(dataClass) ||
    positionals.length !== 2
  ) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const cfg = config();
  const client = await createTemporalClient(cfg);
  try {
    const { workflowId, started } = await startKeyRotation(client, {
      dataClass,
      command,
      queues: taskQueues(values['queue-suffix']),
      limits: cfg.keyRotation,
      prefix: values.prefix,
    });
    console.log(`${started ? 'started' : 'already running'} ${workflowId}`);
    if (values.wait) {
      const summary: KeyRotationSummary = await client.workflow.getHandle(workflowId).result();
      console.log(JSON.stringify(summary));
    }
  } finally {
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(`keys: failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
