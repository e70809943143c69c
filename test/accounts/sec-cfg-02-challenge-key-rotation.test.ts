import test from 'ava';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SelfHostedChallenge } from '../../lib/auth/captcha-altcha';
import { captchaFromConfig } from '../../lib/auth/captcha-from-config';
import { loadConfig } from '../../lib/config';
import { deleteByPrefix, readyRedis, uniquePrefix } from '../helpers/redis-keys';
import { secretsDir } from '../helpers/secrets-dir';
import { solvedToken } from './helpers/altcha-solver';

const prefix = uniquePrefix('cfg02-altcha');
const IP = '203.0.113.9';
let redis: Redis;
test.before(async () => {
  redis = await readyRedis();
});
test.after.always(async () => {
  if (!redis) return;
  await deleteByPrefix(redis, prefix);
  redis.disconnect();
});

/** The login challenge as a restarted API builds it from its secret files, quick to solve here. */
function challengeFrom(env: NodeJS.ProcessEnv): SelfHostedChallenge {
  const captcha = loadConfig({ ...env, ALTCHA_MAX_NUMBER: '2000' }).accounts.captcha;
  return captchaFromConfig(captcha, redis, prefix) as SelfHostedChallenge;
}

test('SEC-CFG-02 login challenge key: challenges signed with the previous key are accepted during the overlap and refused after it', async (t) => {
  const secrets = secretsDir('cfg02-altcha');
  t.teardown(secrets.close);
  const old = randomBytes(32).toString('hex');
  secrets.write('altcha_hmac_key', old);
  const before = challengeFrom(secrets.env);
  const [solvedA, solvedB] = [
    await solvedToken(await before.issue()),
    await solvedToken(await before.issue()),
  ];

  secrets.write('altcha_hmac_key', randomBytes(32).toString('hex'));
  secrets.write('altcha_hmac_key_previous', old);
  const during = challengeFrom(secrets.env);
  t.true(await during.verify(solvedA, IP), 'issued under the previous key, during the overlap');
  t.true(await during.verify(await solvedToken(await during.issue()), IP), 'issued under the new key');

  secrets.remove('altcha_hmac_key_previous');
  const after = challengeFrom(secrets.env);
  t.false(await after.verify(solvedB, IP), 'issued under the previous key, after the overlap');
  t.true(await after.verify(await solvedToken(await after.issue()), IP));
});
