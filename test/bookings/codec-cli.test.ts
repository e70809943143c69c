import test from 'ava';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { createApp } from '../../api/app';
import { closeGracefully, listen } from '../../api/listen';
import { createSequelize } from '../../lib/clients/database';
import { createAuditWriter } from '../../lib/audit';
import { keyringFromConfig } from '../../lib/crypto';
import { createLogger } from '../../lib/logger';
import { createTemporalClient } from '../../lib/clients/temporal';
import { KeyringPayloadCodec } from '../../lib/temporal/payload-codec';
import { freshDatabase } from '../helpers/databases';
import { headerActor } from '../helpers/header-actor';

const run = promisify(execFile);

/** The CLI prints payload bytes as base64 (`"data": "…"`): all of them, decoded and joined. */
const payloadText = (stdout: string) =>
  [...stdout.matchAll(/"data": "([A-Za-z0-9+/=]*)"/g)]
    .map((m) => Buffer.from(m[1]!, 'base64').toString())
    .join('\n');

test('an operator with reveal_pii reads a sealed workflow input in clear through the temporal CLI and the codec endpoint; others see ciphertext', async (t) => {
  const db = await freshDatabase();
  const sequelize = createSequelize(db.config, 'app');
  const keyring = keyringFromConfig(db.config, sequelize);
  const app = createApp({
    config: db.config,
    logger: createLogger({ serviceName: 'travelhub-test', log: { level: 'error' } }),
    guards: [headerActor],
    readiness: { checks: [] } as never,
    temporalCodec: { codec: new KeyringPayloadCodec(keyring), audit: createAuditWriter(sequelize) },
  });
  const server: Server = await listen(app, { ...db.config.api, host: '127.0.0.1', port: 0 });
  const client = await createTemporalClient(db.config, { keyring });
  const workflowId = `codec-cli-${randomBytes(6).toString('hex')}`;
  t.teardown(async () => {
    await client.workflow
      .getHandle(workflowId)
      .terminate('test over')
      .catch(() => undefined);
    await client.connection.close();
    await closeGracefully(server, 1_000);
    await sequelize.close();
    await db.drop();
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/temporal/codec`;

  // No worker polls this queue: the start event alone holds the sealed input.
  const passportNumber = `P${randomBytes(6).toString('hex').toUpperCase()}`;
  await client.workflow.start('echoWorkflow', {
    taskQueue: `nobody-${randomBytes(5).toString('hex')}`,
    workflowId,
    args: [{ passportNumber, name: 'Ada Lovelace' }],
  });
  // What docs/temporal-codec.md tells an operator to run (there with --codec-auth "Bearer …").
  const show = (role: string) =>
    run(
      'temporal',
      [
        'workflow',
        'show',
        '--address',
        db.config.temporal.address,
        '--namespace',
        db.config.temporal.namespace,
        '--workflow-id',
        workflowId,
        '--output',
        'json',
        '--codec-endpoint',
        endpoint,
        '--codec-header',
        `X-Test-Role=${role}`,
        '--codec-header',
        `X-Test-User=${randomUUID()}`,
      ],
      { timeout: 60_000 },
    ).then(
      ({ stdout }) => ({ ok: true, stdout }),
      (err: { stdout?: string }) => ({ ok: false, stdout: err.stdout ?? '' }),
    );

  const admin = await show('PLATFORM_ADMIN');
  t.true(admin.ok);
  t.true(payloadText(admin.stdout).includes(passportNumber), 'decoded through the endpoint');
  const customer = await show('USER');
  t.false(payloadText(customer.stdout).includes(passportNumber), 'refused (403): nothing decoded');
  t.false(customer.stdout.includes(passportNumber));
});
