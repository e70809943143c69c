import test from 'ava';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryTypes } from 'sequelize';
import { DefaultPayloadConverter } from '@temporalio/common';
import { createApp } from '../../api/app';
import { closeGracefully, listen } from '../../api/listen';
import { createSequelize } from '../../lib/clients/database';
import { createAuditWriter } from '../../lib/audit';
import { keyringFromConfig } from '../../lib/crypto';
import { createLogger } from '../../lib/logger';
import { KeyringPayloadCodec } from '../../lib/temporal/payload-codec';
import { freshDatabase } from '../helpers/databases';
import { headerActor } from '../helpers/header-actor';
import { httpRequest } from '../helpers/http-request';

test('the Temporal UI codec endpoint decodes for reveal_pii holders only, and every decode is audited', async (t) => {
  const db = await freshDatabase();
  const sequelize = createSequelize(db.config, 'app');
  const codec = new KeyringPayloadCodec(keyringFromConfig(db.config, sequelize));
  const app = createApp({
    config: db.config,
    logger: createLogger({ serviceName: 'travelhub-test', log: { level: 'error' } }),
    guards: [headerActor],
    readiness: { checks: [] } as never,
    temporalCodec: { codec, audit: createAuditWriter(sequelize) },
  });
  const server: Server = await listen(app, { ...db.config.api, host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    await closeGracefully(server, 1_000);
    await sequelize.close();
    await db.drop();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const value = { bookingId: randomUUID(), passportNumber: 'X7654321' };
  const [sealed] = await codec.encode([new DefaultPayloadConverter().toPayload(value)!]);
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const body = JSON.stringify({
    payloads: [
      {
        metadata: Object.fromEntries(Object.entries(sealed!.metadata!).map(([k, v]) => [k, b64(v!)])),
        data: b64(sealed!.data!),
      },
    ],
  });
  const decode = (role: string, user = randomUUID()) =>
    httpRequest(url, {
      method: 'POST',
      path: '/api/v1/temporal/codec/decode',
      headers: {
        'content-type': 'application/json',
        'x-test-user': user,
        'x-test-role': role,
        'x-namespace': 'default',
      },
      body,
    });

  t.is((await decode('USER')).status, 403);
  t.is((await decode('BUSINESS_ADMIN')).status, 403);
  const admin = randomUUID();
  const answer = await decode('PLATFORM_ADMIN', admin);
  t.is(answer.status, 200, answer.text);
  const data = Buffer.from(answer.json.payloads[0].data, 'base64').toString();
  t.deepEqual(JSON.parse(data), value);

  const rows = await sequelize.query<{ actor_id: string; outcome: string }>(
    "SELECT actor_id, outcome FROM audit_events WHERE event_type = 'pii.revealed'",
    { type: QueryTypes.SELECT },
  );
  t.deepEqual(rows, [{ actor_id: admin, outcome: 'success' }]);
});
