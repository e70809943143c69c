import test from 'ava';
import { randomBytes } from 'node:crypto';
import { ApplicationFailure, log } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { loadConfig } from '../../lib/config';
import { createLogger, LOG_CONTEXT_FIELDS } from '../../lib/logger';
import { LogCapture, type LogRecord } from '../helpers/log-capture';
import { freshQueues, startWorkers } from '../helpers/temporal-workers';
import { loggedStepsWorkflow, type LoggedStepActivities } from './workflows/logged-steps';

const activities: LoggedStepActivities = {
  async quoteHotel(hotelId) {
    log.info('quoting hotel', { hotelId });
    return 12_500;
  },
  async reserveHotel() {
    throw ApplicationFailure.nonRetryable('no rooms left', 'SUPPLIER_NO_AVAILABILITY');
  },
};

// One workflow through a real worker on the dev Temporal server. The runtime logger is installed
// once per process by the first worker, so this file's capture sees every SDK and context line.
const logs = new LogCapture();
const run = (async () => {
  const config = loadConfig();
  const { client, queues, stop } = await startWorkers({
    config,
    queues: freshQueues('log-fields-'),
    logger: createLogger({ ...config, log: { level: 'trace' } }, logs),
    workers: [{ pool: 'bookings', activities, workflowsPath: require.resolve('./workflows/logged-steps') }],
  });
  const workflowId = `log-fields-${randomBytes(8).toString('hex')}`;
  try {
    const handle = await client.workflow.start(loggedStepsWorkflow, {
      taskQueue: queues.bookings,
      workflowId,
      workflowExecutionTimeout: '1 minute',
      args: ['hotel-1'],
    });
    const failure = await handle.result().catch((err: unknown) => err);
    // The id Temporal ran it under: what every line must name.
    return { workflowId: handle.workflowId, runFailed: failure instanceof WorkflowFailedError };
  } finally {
    await stop();
  }
})();

const lineWith = (msg: string, where: (r: LogRecord) => boolean = () => true) =>
  logs.records.find((r) => r.msg === msg && where(r));

test('SEC-LOG-01 activity and workflow log lines of a real worker carry workflow_id, action, result and error_code', async (t) => {
  const { workflowId, runFailed } = await run;
  t.true(runFailed, 'the workflow failed as it was written to');

  t.like(lineWith('quoting hotel'), {
    workflow_id: workflowId,
    action: 'activity.quoteHotel',
    request_id: null,
    user_id: null,
  });
  t.like(
    lineWith('Activity completed', (r) => r.activityType === 'quoteHotel'),
    {
      workflow_id: workflowId,
      action: 'activity.quoteHotel',
      result: 'success',
      error_code: null,
    },
  );
  t.like(
    lineWith('Activity failed', (r) => r.activityType === 'reserveHotel'),
    {
      workflow_id: workflowId,
      action: 'activity.reserveHotel',
      result: 'failure',
      error_code: 'SUPPLIER_NO_AVAILABILITY',
    },
  );
  t.like(lineWith('quote received'), { workflow_id: workflowId, action: 'workflow.loggedStepsWorkflow' });
  t.like(lineWith('reservation failed'), {
    workflow_id: workflowId,
    action: 'workflow.loggedStepsWorkflow',
    error_code: 'HOLD_REFUSED',
  });
  // The SDK's own failure line: its error arrives cloned, without the failure type, so the code
  // is on the workflow's own line above.
  t.like(lineWith('Workflow failed'), {
    workflow_id: workflowId,
    action: 'workflow.loggedStepsWorkflow',
    result: 'failure',
  });
});

test('SEC-LOG-01 every line the worker runtime writes has the whole field set, unknown fields as null', async (t) => {
  const { workflowId } = await run;
  const ofThisWorkflow = logs.records.filter((r) => r.workflowId === workflowId);
  t.true(ofThisWorkflow.length >= 5, `${ofThisWorkflow.length} lines of the workflow`);
  t.true(ofThisWorkflow.every((r) => r.workflow_id === workflowId));
  // The SDK's own lines (worker state, shutdown) too: every field present, null where unknown.
  t.true(logs.records.length > ofThisWorkflow.length);
  for (const record of logs.records) {
    const missing = LOG_CONTEXT_FIELDS.filter((field) => !(field in record));
    t.deepEqual(missing, [], String(record.msg));
  }
});
