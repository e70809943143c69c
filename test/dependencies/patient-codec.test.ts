import test from 'ava';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { ConnectionRefusedError } from 'sequelize';
import { isPostgresFailure, patientCodec } from '../../lib/dependencies';

const PAYLOADS: Payload[] = [{ metadata: {}, data: new Uint8Array([1]) }];

/** A codec whose key store is away for its first `failures` calls. */
function keyStoreAway(failures: number, error: () => Error): PayloadCodec & { calls: number } {
  const codec = {
    calls: 0,
    async encode(payloads: Payload[]) {
      codec.calls += 1;
      if (codec.calls <= failures) throw error();
      return payloads;
    },
    async decode(payloads: Payload[]) {
      return codec.encode(payloads);
    },
  };
  return codec;
}

test('a worker codec waits for the key store Postgres instead of failing (the SDK stops a worker on a codec error)', async (t) => {
  const inner = keyStoreAway(2, () => new ConnectionRefusedError(new Error('connect ECONNREFUSED')));
  const codec = patientCodec(inner, isPostgresFailure, 60_000);
  t.is(await codec.decode(PAYLOADS), PAYLOADS);
  t.is(inner.calls, 3, 'two refused attempts, then the answer');
});

test('a worker codec fails at once on what is not the key store being away (a tampered payload)', async (t) => {
  const inner = keyStoreAway(5, () => new Error('unable to authenticate data'));
  const codec = patientCodec(inner, isPostgresFailure, 60_000);
  await t.throwsAsync(codec.decode(PAYLOADS), { message: 'unable to authenticate data' });
  t.is(inner.calls, 1);
});

test('a worker codec gives up waiting after its bound', async (t) => {
  const inner = keyStoreAway(1_000, () => new ConnectionRefusedError(new Error('connect ECONNREFUSED')));
  const codec = patientCodec(inner, isPostgresFailure, 0);
  await t.throwsAsync(codec.encode(PAYLOADS), { instanceOf: ConnectionRefusedError });
  t.is(inner.calls, 1);
});
