import test from 'ava';
import { randomBytes } from 'node:crypto';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, DefaultPayloadConverter } from '@temporalio/common';
import { createSequelize } from '../../lib/clients/database';
import { keyringFromConfig } from '../../lib/crypto';
import { createLogger } from '../../lib/logger';
import { connectTemporal, createTemporalClient } from '../../lib/clients/temporal';
import { ENCRYPTED_ENCODING } from '../../lib/temporal/payload-codec';
import { createWorker } from '../../workers/bootstrap';
import { freshDatabase, type TestDatabase } from '../helpers/databases';
import { historyBytes } from './helpers/history-bytes';

let db: TestDatabase;
let client: Client;
let raw: Client;
let taskQueue: string;
let stop: (() => Promise<void>) | undefined;
const value = { passportNumber: `P${randomBytes(6).toString('hex').toUpperCase()}`, name: 'Ada Lovelace' };

/**
 * The production builders (createWorker, createTemporalClient) on a private database: the worker
 * opens its own keyring there (as the booking pool does), the client is given one (as the API is).
 */
test.before(async () => {
  db = await freshDatabase();
  const sequelize = createSequelize(db.config, 'app');
  taskQueue = `codec-${randomBytes(5).toString('hex')}`;
  const created = await createWorker({
    pool: 'bookings',
    taskQueue,
    workflowsPath: require.resolve('./helpers/echo-workflow'),
    config: db.config,
    logger: createLogger({ serviceName: 'travelhub-test', log: { level: 'error' } }),
  });
  const running = created.worker.run();
  client = await createTemporalClient(db.config, { keyring: keyringFromConfig(db.config, sequelize) });
  const connection = await connectTemporal(db.config);
  // Without the codec: what Temporal stores and what its UI shows without the codec endpoint.
  raw = new Client({ connection, namespace: db.config.temporal.namespace });
  stop = async () => {
    created.worker.shutdown();
    await running;
    await created.connection.close();
    await client.connection.close();
    await connection.close();
    await sequelize.close();
    await db.drop();
  };
});
test.after.always(async () => stop?.());

test('workflow payloads are AES-256-GCM ciphertexts in the history; a client with the codec reads them back', async (t) => {
  const workflowId = `codec-${randomBytes(6).toString('hex')}`;
  t.deepEqual(await client.workflow.execute('echoWorkflow', { taskQueue, workflowId, args: [value] }), value);

  const history = await raw.workflow.getHandle(workflowId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  t.is(started.length, 1);
  t.regex(Buffer.from(started[0]!.metadata!['encryption-key-id']!).toString(), /^pii\.[1-9][0-9]*$/);
  const completed = history.events?.at(-1)?.workflowExecutionCompletedEventAttributes?.result?.payloads ?? [];
  t.is(completed.length, 1);
  for (const payload of [...started, ...completed]) {
    t.is(Buffer.from(payload.metadata!.encoding!).toString(), ENCRYPTED_ENCODING);
  }
  const bytes = historyBytes(history);
  t.false(bytes.includes(value.passportNumber));
  t.false(bytes.includes('Lovelace'));
  // The codec is what makes the difference: the same value as Temporal's default converter writes it.
  const plain = new DefaultPayloadConverter().toPayload(value);
  t.true(Buffer.from(plain!.data!).includes(value.passportNumber));
});

test('a failure message and stack travel sealed too; a client with the codec reads the message back', async (t) => {
  const workflowId = `codec-fail-${randomBytes(6).toString('hex')}`;
  const err = await t.throwsAsync(
    client.workflow.execute('failingEchoWorkflow', { taskQueue, workflowId, args: [value] }),
    { instanceOf: WorkflowFailedError },
  );
  t.true(err?.cause instanceof ApplicationFailure);
  t.true((err?.cause as ApplicationFailure).message.includes(value.passportNumber));

  const history = await raw.workflow.getHandle(workflowId).fetchHistory();
  const failure = history.events?.at(-1)?.workflowExecutionFailedEventAttributes?.failure;
  t.is(failure?.message, 'Encoded failure', 'the message is in clear, not in the encoded attributes');
  const encoding = failure?.encodedAttributes?.metadata?.encoding;
  t.is(encoding && Buffer.from(encoding).toString(), ENCRYPTED_ENCODING);
  const bytes = historyBytes(history);
  t.false(bytes.includes(value.passportNumber), 'the passport number in clear in the history');
  t.false(bytes.includes('Lovelace'), 'the name in clear in the history');
  t.false(JSON.stringify(failure).includes('Lovelace'));
});
