import test from 'ava';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '../../lib/config';
import { failFastRedis } from '../../lib/clients';
import { startPrivateRedis } from '../helpers/private-redis';
import { secretsDir } from '../helpers/secrets-dir';

const secret = () => randomBytes(24).toString('hex');
const APP_USER = 'travelhub_app';

/** The next `ready` of `client`; an authentication error on the way fails it at once. */
function nextReady(client: Redis): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      if (!/WRONGPASS|NOAUTH/.test(err.message)) return;
      client.off('ready', onReady);
      reject(err);
    };
    const onReady = () => {
      client.off('error', onError);
      resolve();
    };
    client.once('ready', onReady);
    client.on('error', onError);
  });
}

// The stack's Redis has no ACL user (the app talks to it over a Unix socket, scripts/stack.sh), and
// changing its users would disturb every other test: a private Redis of this test's own.
test('SEC-CFG-02 a rotated Redis password: both held during the overlap, a reconnect reads the new file, the old one is refused after', async (t) => {
  const oldPassword = secret();
  const newPassword = secret();
  const redis = await startPrivateRedis();
  const admin = new Redis({ port: redis.port, host: '127.0.0.1' });
  const secrets = secretsDir('redis-rotation');
  t.teardown(async () => {
    admin.disconnect();
    await redis.kill();
    secrets.close();
  });
  await admin.call('ACL', 'SETUSER', APP_USER, 'on', `>${oldPassword}`, '~*', '+@all');
  secrets.write('redis_password', oldPassword);
  const config = loadConfig({ ...secrets.env, REDIS_URL: redis.url, REDIS_USERNAME: APP_USER });
  const client = failFastRedis(config.redis);
  t.teardown(() => client.disconnect());
  await nextReady(client);
  t.is(await client.call('ACL', 'WHOAMI'), APP_USER);

  // The operator's rotation (docs/keys.md): the user holds both, the new file, the old one dropped.
  await admin.call('ACL', 'SETUSER', APP_USER, `>${newPassword}`);
  secrets.write('redis_password', newPassword);
  await admin.call('ACL', 'SETUSER', APP_USER, `<${oldPassword}`);
  t.is(await client.ping(), 'PONG', 'the connection authenticated under the old password keeps working');

  // Any reconnect (a network blip, a Redis restart) authenticates again: with the file's password.
  const reconnected = nextReady(client);
  await admin.call('CLIENT', 'KILL', 'USER', APP_USER);
  await reconnected;
  t.is(await client.call('ACL', 'WHOAMI'), APP_USER, 'reconnected under the new password');

  const probe = new Redis({ port: redis.port, host: '127.0.0.1' });
  t.teardown(() => probe.disconnect());
  await t.throwsAsync(
    probe.call('AUTH', APP_USER, oldPassword),
    { message: /WRONGPASS/ },
    'the old password is refused',
  );
  t.is(await probe.call('AUTH', APP_USER, newPassword), 'OK');
});
