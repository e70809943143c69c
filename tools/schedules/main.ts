import { parseArgs } from 'node:util';
import { config } from '../../lib/config';
import { createTemporalClient } from '../../lib/clients/temporal';
import { taskQueues } from '../../lib/temporal/task-queues';
import { DEFAULT_SCHEDULE_PREFIX } from './definitions';
import { upsertSchedules } from './upsert';

/**
 * Creates or updates every Temporal Schedule declared in tools/schedules/definitions.ts against the
 * configured Temporal; safe to run on every deployment (scripts/up.sh):
 *   node --import tsx tools/schedules/main.ts [--prefix travelhub] [--queue-suffix <suffix>]
 * `--prefix` and `--queue-suffix` give a preview deployment (or a test) schedules and queues of
 * its own. Prints one line per schedule; exit 0 when all are in place, 1 otherwise.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      prefix: { type: 'string', default: DEFAULT_SCHEDULE_PREFIX },
      'queue-suffix': { type: 'string' },
    },
    strict: true,
  });
  const queues = taskQueues(values['queue-suffix']);
  const client = await createTemporalClient(config());
  try {
    for (const r of await upsertSchedules(client, { queues, prefix: values.prefix })) {
      console.log(`${r.outcome} ${r.scheduleId}${r.paused ? ' (PAUSED: left paused by an operator)' : ''}`);
    }
  } finally {
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(`schedules: failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
