import test from 'ava';
import { Redis } from 'ioredis';
import { createLogger } from '../../lib/logger';
import { LogCapture } from '../helpers/log-capture';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';

/*
 * A refused Redis login (a password rotated on one side only) makes ioredis raise a ReplyError
 * that carries the AUTH or HELLO command with its arguments, the password among them. The
 * platform logs such errors (lib/clients/redis.ts); the logger must not write the password.
 */
let redis: PrivateRedis;
test.before(async () => {
  redis = await startPrivateRedis();
  const admin = new Redis(redis.port, '127.0.0.1');
  await admin.call('ACL', 'SETUSER', 'travelhub_app', 'on', '>the-current-one-2026', '~*', '+@all');
  admin.disconnect();
});
test.after.always(() => redis?.kill());

const WRONG = 'a-stale-password-0k7Tq9';

/** The error ioredis emits on the refused login: what lib/clients/redis.ts logs. */
async function refusedLoginError(): Promise<Error> {
  const client = new Redis({
    port: redis.port,
    host: '127.0.0.1',
    username: 'travelhub_app',
    password: WRONG,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  const emitted = new Promise<Error>((resolve) => client.once('error', resolve));
  await client.connect().catch(() => undefined);
  client.disconnect();
  return emitted;
}

test('SEC-LOG-02 a refused Redis login is logged without the password its command carried', async (t) => {
  const err = await refusedLoginError();
  t.true(
    JSON.stringify((err as { command?: unknown }).command ?? {}).includes(WRONG),
    'the error carries it',
  );
  const capture = new LogCapture();
  const log = createLogger({ serviceName: 'test', log: { level: 'info' } } as never, capture);
  log.error({ err }, 'redis connection error');
  await new Promise((r) => setImmediate(r));
  t.is(capture.records.length, 1);
  t.false(capture.text().includes(WRONG));
  t.regex(capture.text(), /WRONGPASS/, 'the reason is still logged');
});
