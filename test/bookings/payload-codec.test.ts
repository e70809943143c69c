import test from 'ava';
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { DefaultPayloadConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { createSequelize } from '../../db/connection';
import { keyringFromConfig } from '../../lib/crypto';
import { connectTemporal } from '../../lib/temporal/connection';
import { ENCRYPTED_ENCODING, KeyringPayloadCodec } from '../../lib/temporal/payload-codec';
import { connectWorker } from '../../workers/connection';
import { freshDatabase } from '../helpers/databases';

test('workflow payloads are AES-256-GCM ciphertexts in the history; a client with the codec reads them back', async (t) => {
  const db = await freshDatabase();
  const sequelize = createSequelize(db.config, 'app');
  const codec = new KeyringPayloadCodec(keyringFromConfig(db.config, sequelize));
  const taskQueue = `codec-${randomBytes(5).toString('hex')}`;
  const connection = await connectWorker(db.config);
  const worker = await Worker.create({
    connection,
    namespace: db.config.temporal.namespace,
    taskQueue,
    workflowsPath: require.resolve('./helpers/echo-workflow'),
    dataConverter: { payloadCodecs: [codec] },
  });
  const running = worker.run();
  const clientConnection = await connectTemporal(db.config);
  t.teardown(async () => {
    worker.shutdown();
    await running;
    await connection.close();
    await clientConnection.close();
    await sequelize.close();
    await db.drop();
  });
  const namespace = db.config.temporal.namespace;
  const client = new Client({
    connection: clientConnection,
    namespace,
    dataConverter: { payloadCodecs: [codec] },
  });
  const passportNumber = `P${randomBytes(6).toString('hex').toUpperCase()}`;
  const value = { passportNumber, name: 'Ada Lovelace' };
  const workflowId = `codec-${randomBytes(6).toString('hex')}`;
  t.deepEqual(await client.workflow.execute('echoWorkflow', { taskQueue, workflowId, args: [value] }), value);

  // Without the codec: what Temporal stores. No plaintext, every payload sealed with a key id.
  const raw = new Client({ connection: clientConnection, namespace });
  const history = await raw.workflow.getHandle(workflowId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  t.is(started.length, 1);
  t.is(Buffer.from(started[0]!.metadata!.encoding!).toString(), ENCRYPTED_ENCODING);
  t.regex(Buffer.from(started[0]!.metadata!['encryption-key-id']!).toString(), /^pii\.[1-9][0-9]*$/);
  const completed = history.events?.at(-1)?.workflowExecutionCompletedEventAttributes?.result?.payloads ?? [];
  t.is(completed.length, 1);
  for (const payload of [...started, ...completed]) {
    t.is(Buffer.from(payload.metadata!.encoding!).toString(), ENCRYPTED_ENCODING);
    const data = Buffer.from(payload.data!);
    t.false(data.includes(passportNumber));
    t.false(data.includes('Lovelace'));
  }
  // The codec is what makes the difference: the same value as Temporal's default converter writes it.
  const plain = await new DefaultPayloadConverter().toPayload(value);
  t.true(Buffer.from(plain!.data!).includes(passportNumber));
});
