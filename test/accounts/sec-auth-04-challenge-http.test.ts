import test from 'ava';
import type { Challenge } from 'altcha-lib';
import type { Config } from '../../lib/config';
import { identityApp } from './helpers/identity-app';
import { createUser, strongPassword } from './helpers/accounts-data';
import { solvedToken } from './helpers/altcha-solver';

/**
 * The platform's default challenge through the real app. With a real clock the per-name delay
 * would stand in the way of every step here: it is off in this file (its own tests move a clock).
 */
function noDelayEasierChallenge(config: Config): Config {
  const captcha = config.accounts.captcha;
  if (captcha.provider !== 'altcha') throw new Error('these tests need the default (altcha) challenge');
  return {
    ...config,
    accounts: { ...config.accounts, delayAfterFailures: 1_000, captcha: { ...captcha, maxNumber: 5_000 } },
  };
}

const app = identityApp('sec-auth-04-challenge-http', {
  captcha: 'configured',
  adjust: noDelayEasierChallenge,
});

let nextIp = 2;
const freshIp = () => `127.0.${Math.floor(nextIp / 250) + 1}.${(nextIp++ % 250) + 2}`;
const login = (body: object) => app.post('/api/v1/auth/login', body, {}, freshIp());

async function challengeToken(): Promise<string> {
  const answer = await app.send({ method: 'GET', path: '/api/v1/auth/challenge', localAddress: freshIp() });
  if (answer.status !== 200) throw new Error(`challenge: ${answer.status} ${answer.text}`);
  return solvedToken(answer.json as Challenge);
}

test.serial(
  'SEC-AUTH-04 an owner past the per-name limit signs in with a challenge from GET /api/v1/auth/challenge',
  async (t) => {
    const owner = await createUser(app.deps);
    for (let i = 0; i < 10; i += 1) {
      t.is((await login({ email: owner.email, password: strongPassword() })).status, 401, `attempt ${i + 1}`);
    }
    const right = { email: owner.email, password: owner.password };
    t.like((await login(right)).json, { error_code: 'RATE_LIMITED' });
    t.like((await login({ ...right, captchaToken: 'not solved' })).json, {
      error_code: 'CHALLENGE_REQUIRED',
    });
    t.is((await login({ ...right, captchaToken: await challengeToken() })).status, 200);
  },
);

test.serial(
  'SEC-AUTH-04 a token that skips the per-name limit is checked even before it is required',
  async (t) => {
    const user = await createUser(app.deps);
    const right = { email: user.email, password: user.password };
    for (let i = 0; i < 10; i += 1) t.is((await login(right)).status, 200, `login ${i + 1}`);
    t.like((await login(right)).json, { error_code: 'RATE_LIMITED' });
    // No failure on record, so no challenge is due; an unsolved token still buys nothing.
    t.like((await login({ ...right, captchaToken: 'not solved' })).json, {
      error_code: 'CHALLENGE_REQUIRED',
    });
    const token = await challengeToken();
    t.is((await login({ ...right, captchaToken: token })).status, 200);
    t.like((await login({ ...right, captchaToken: token })).json, { error_code: 'CHALLENGE_REQUIRED' });
  },
);
