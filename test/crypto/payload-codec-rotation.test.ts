import test from 'ava';
import { DefaultPayloadConverter, type Payload } from '@temporalio/common';
import { CustomerProfile } from '../../db/models/customer-profile';
import { modelKeyUsage } from '../../db/encrypted';
import { KeyRetiredError } from '../../lib/crypto';
import { KEY_ID_METADATA, KeyringPayloadCodec } from '../../lib/temporal/payload-codec';
import { cryptoDatabase, type CryptoDatabase } from './helpers/crypto-database';

const OPERATOR = { system: 'test-payload-codec-rotation' };
const converter = new DefaultPayloadConverter();
const keyIdOf = (payload: Payload) => Buffer.from(payload.metadata![KEY_ID_METADATA]!).toString();

let env: CryptoDatabase;
test.before(async () => {
  env = await cryptoDatabase({ activeVersionTtlMs: 0, retireGraceMs: 0 });
});
test.after.always(() => env?.close());

test('SEC-DATA-02 Temporal payloads sealed under the previous pii key stay readable after a rotation, in any process, until that version is retired', async (t) => {
  const codec = new KeyringPayloadCodec(env.keyring);
  const before = (await env.keyring.activeKey('pii')).version;
  const input = { passportNumber: 'P1234567', name: 'Ada Lovelace' };
  const [sealedBefore] = await codec.encode([converter.toPayload(input)]);
  t.is(keyIdOf(sealedBefore!), `pii.${before}`);

  const after = await env.keyring.rotate('pii', OPERATOR);
  const [sealedAfter] = await codec.encode([converter.toPayload(input)]);
  t.is(keyIdOf(sealedAfter!), `pii.${after}`, 'new payloads are sealed under the new version at once');

  // A worker restarted after the rotation reads a history written before it.
  const restarted = new KeyringPayloadCodec(env.newKeyring());
  const [opened] = await restarted.decode([sealedBefore!]);
  t.deepEqual(converter.fromPayload(opened!), input);

  await env.keyring.retire('pii', before, modelKeyUsage([CustomerProfile]), OPERATOR);
  await t.throwsAsync(new KeyringPayloadCodec(env.newKeyring()).decode([sealedBefore!]), {
    instanceOf: KeyRetiredError,
  });
  const [stillOpen] = await restarted.decode([sealedAfter!]);
  t.deepEqual(converter.fromPayload(stillOpen!), input);
});
