import test from 'ava';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { createHealthActivities } from '../../activities/health/health-activities';
import { createNotifyActivities } from '../../activities/notify/notify-activities';
import { createSmtpTransport } from '../../lib/clients';
import { createSequelize } from '../../lib/clients/database';
import { loadConfig } from '../../lib/config';
import { taskQueues } from '../../lib/temporal/task-queues';
import { platformCheckWorkflowId, startPlatformCheck } from '../../tools/platform-check/start';
import { BOOKING_ID, BOOKING_STATUS, CUSTOMER_ID } from '../../lib/temporal/search-attributes';
import { startWorkers, type TestWorkers } from '../helpers/temporal-workers';

// Real workers against the running dev server, on queues of their own so that no other worker
// (a developer's, another test file's) can pick up these tasks.
const run = randomBytes(5).toString('hex');
const queues = taskQueues(`t${run}`);
const config = loadConfig();
const sequelize = createSequelize(config, 'app');
const transport = createSmtpTransport(config);
let workers: TestWorkers | undefined;
let client: Client;

test.before(async () => {
  workers = await startWorkers({
    config,
    queues,
    workers: [
      { pool: 'bookings', workflowsPath: require.resolve('../../workflows/bookings-pool') },
      { pool: 'maintenance', activities: createHealthActivities({ sequelize }) },
      { pool: 'notify', activities: createNotifyActivities({ transport, from: config.smtp.from }) },
    ],
  });
  client = workers.client;
});

test.after.always(async () => {
  try {
    await workers?.stop();
  } finally {
    await sequelize.close();
    transport.close();
  }
});

function checkId(name: string) {
  return `${name}-${run}`;
}

async function sinkMessageWith(messageId: string) {
  const dir = process.env.SMTP_SINK_DIR;
  if (!dir) throw new Error('SMTP_SINK_DIR is not set: run through scripts/with-env.sh');
  for (let i = 0; i < 50; i++) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.'))) {
      const raw = readFileSync(join(dir, file), 'utf8');
      if (raw.includes(messageId)) return JSON.parse(raw) as { to: string[]; raw: string };
    }
    await sleep(100);
  }
  return undefined;
}

test('platform check runs workflow code and activities on three different task queues', async (t) => {
  const id = checkId('queues');
  const recipient = `ops+${run}@travelhub.test`;
  const startedAt = Date.now();
  const handle = await startPlatformCheck(client, { checkId: id, recipient, queues });
  t.is(handle.workflowId, platformCheckWorkflowId(id));

  const result = await handle.result();
  t.is(result.workflowTaskQueue, queues.bookings);
  t.is(result.database.taskQueue, queues.maintenance);
  t.is(result.email.taskQueue, queues.notify);
  t.is(new Set([result.workflowTaskQueue, result.database.taskQueue, result.email.taskQueue]).size, 3);
  t.is(result.database.databaseUser, 'travelhub_app');
  // The database read happened during this check, on this machine's clock: between the start
  // and now (a second either side for the clocks' rounding), however long the check took.
  const databaseTime = Date.parse(result.database.databaseTime);
  t.true(
    databaseTime >= startedAt - 1_000 && databaseTime <= Date.now() + 1_000,
    result.database.databaseTime,
  );

  const message = await sinkMessageWith(result.email.messageId);
  t.truthy(message, 'the email reached the SMTP sink');
  t.deepEqual(message?.to, [recipient]);
  t.regex(message?.raw ?? '', new RegExp(`Subject: TravelHub platform check ${id}`));
});

test('a second start with the same business-key workflow id is rejected', async (t) => {
  const id = checkId('duplicate');
  const input = { checkId: id, recipient: `ops+${run}@travelhub.test`, queues };
  const first = await startPlatformCheck(client, input);

  // While the first run is open: the conflict policy (FAIL) refuses.
  await t.throwsAsync(startPlatformCheck(client, input), {
    instanceOf: WorkflowExecutionAlreadyStartedError,
  });
  await first.result();
  // After it closed: the reuse policy (REJECT_DUPLICATE) refuses too.
  await t.throwsAsync(startPlatformCheck(client, input), {
    instanceOf: WorkflowExecutionAlreadyStartedError,
  });

  // The latest (and only) run under this id is still the first one.
  const latest = await client.workflow.getHandle(platformCheckWorkflowId(id)).describe();
  t.is(latest.runId, first.firstExecutionRunId);
});

test('typed search attributes set at start and upserted by the workflow are visible via describe()', async (t) => {
  const id = checkId('attributes');
  const handle = await startPlatformCheck(client, {
    checkId: id,
    recipient: `ops+${run}@travelhub.test`,
    queues,
  });
  await handle.result();

  const description = await handle.describe();
  t.is(description.taskQueue, queues.bookings);
  t.is(description.typedSearchAttributes.get(BOOKING_ID), `check-${id}`);
  t.is(description.typedSearchAttributes.get(CUSTOMER_ID), 'platform-check');
  t.is(description.typedSearchAttributes.get(BOOKING_STATUS), 'COMPLETED');
});
