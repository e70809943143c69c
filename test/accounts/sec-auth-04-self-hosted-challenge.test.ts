import test from 'ava';
import { QueryTypes } from 'sequelize';
import { altchaChallenge } from '../../lib/auth/captcha-altcha';
import type { Config } from '../../lib/config';
import { issueLoginChallenge, type LoginInput } from '../../services/accounts';
import { accountsHarness } from './helpers/accounts-harness';
import { createUser, enrolMfa, strongPassword, totpCode } from './helpers/accounts-data';
import { solvedToken } from './helpers/altcha-solver';
import { loginOutcome } from './helpers/login-outcome';

/** The platform's default challenge (config accounts.captcha), at a difficulty quick to solve here. */
const MAX_NUMBER = 5_000;
function easierChallenge(config: Config): Config {
  const captcha = config.accounts.captcha;
  if (captcha.provider !== 'altcha') throw new Error('these tests need the default (altcha) challenge');
  return { ...config, accounts: { ...config.accounts, captcha: { ...captcha, maxNumber: MAX_NUMBER } } };
}

const h = accountsHarness('sec-auth-04-altcha', { captcha: 'configured', adjust: easierChallenge });
const WAIT_OUT_DELAY_MS = 61_000; // longer than accounts.delayMaxSeconds

const attempt = (input: LoginInput) => loginOutcome(h.deps, input);

const solved = async () => solvedToken(await issueLoginChallenge(h.deps));

/** Wrong passwords, each after the delay and, like a determined attacker, with a solved challenge. */
async function failTimes(email: string, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    h.clock.advance(WAIT_OUT_DELAY_MS);
    const result = await attempt({ email, password: strongPassword(), captchaToken: await solved() });
    if (result === 'ok' || result.code !== 'INVALID_CREDENTIALS') {
      throw new Error(`unexpected ${JSON.stringify(result)}`);
    }
  }
}

async function lockedUntil(userId: string): Promise<Date | null> {
  const [row] = await h.sequelize.query<{ locked_until: Date | null }>(
    'SELECT locked_until FROM users WHERE id = $1',
    { bind: [userId], type: QueryTypes.SELECT },
  );
  return row!.locked_until;
}

test.serial(
  "SEC-AUTH-04 after an attacker's 50 wrong attempts the owner signs in with the right password and a solved challenge",
  async (t) => {
    const owner = await createUser(h.deps);
    for (let i = 0; i < 50; i += 1) {
      h.clock.advance(WAIT_OUT_DELAY_MS);
      // The attacker tries without a challenge and, when one is asked for, solves it; refused or not, it goes on.
      const guess = { email: owner.email, password: strongPassword() };
      let result = await attempt(guess);
      if (result !== 'ok' && result.code === 'CHALLENGE_REQUIRED') {
        result = await attempt({ ...guess, captchaToken: await solved() });
      }
      if (result === 'ok' || !['INVALID_CREDENTIALS', 'CHALLENGE_REQUIRED'].includes(result.code)) t.fail();
    }
    h.clock.advance(WAIT_OUT_DELAY_MS);
    const right = { email: owner.email, password: owner.password };
    t.like(await attempt(right), { code: 'CHALLENGE_REQUIRED' });
    t.is(await attempt({ ...right, captchaToken: await solved() }), 'ok');
    t.is(await lockedUntil(owner.id), null);
  },
);

test.serial('SEC-AUTH-04 the challenge is required from the 5th failure on', async (t) => {
  const user = await createUser(h.deps);
  await failTimes(user.email, 4);
  h.clock.advance(WAIT_OUT_DELAY_MS);
  // The 5th failure still needs no challenge; the attempt after it does.
  t.like(await attempt({ email: user.email, password: strongPassword() }), { code: 'INVALID_CREDENTIALS' });
  h.clock.advance(WAIT_OUT_DELAY_MS);
  t.like(await attempt({ email: user.email, password: user.password }), { code: 'CHALLENGE_REQUIRED' });
});

test.serial('SEC-AUTH-04 a solved challenge signs in once: its replay is refused', async (t) => {
  const user = await createUser(h.deps);
  await failTimes(user.email, 5);
  h.clock.advance(WAIT_OUT_DELAY_MS);
  const token = await solved();
  t.like(await attempt({ email: user.email, password: strongPassword(), captchaToken: token }), {
    code: 'INVALID_CREDENTIALS',
  });
  h.clock.advance(WAIT_OUT_DELAY_MS);
  const right = { email: user.email, password: user.password };
  t.like(await attempt({ ...right, captchaToken: token }), { code: 'CHALLENGE_REQUIRED' });
  t.is(await attempt({ ...right, captchaToken: await solved() }), 'ok');
});

test.serial('SEC-AUTH-04 an expired, forged or wrongly solved challenge is refused', async (t) => {
  const user = await createUser(h.deps);
  await failTimes(user.email, 5);
  const right = { email: user.email, password: user.password };
  const captcha = h.deps.config.accounts.captcha;
  if (captcha.provider !== 'altcha' || !captcha.secret) throw new Error('no altcha secret');
  const issuer = (secret: string, now?: () => number) =>
    altchaChallenge({ ...captcha, secret, redis: h.redis, keyPrefix: h.keyPrefix, now });
  const tries: [string, string][] = [
    // Issued 6 minutes ago with the platform's key: past its 5-minute lifetime.
    ['expired', await solvedToken(await issuer(captcha.secret, () => Date.now() - 6 * 60_000).issue())],
    // Made and solved with another key: the signature does not match.
    ['signed with another key', await solvedToken(await issuer(`${captcha.secret}-not`).issue())],
  ];
  const genuine = await issueLoginChallenge(h.deps);
  const wrong = JSON.parse(Buffer.from(await solvedToken(genuine), 'base64').toString()) as {
    challenge: { parameters: { keyPrefix: string } };
    solution: { counter: number; derivedKey: string };
  };
  tries.push([
    'wrong solution',
    Buffer.from(
      JSON.stringify({
        ...wrong,
        solution: { counter: wrong.solution.counter + 1, derivedKey: 'ab'.repeat(32) },
      }),
    ).toString('base64'),
  ]);
  tries.push(['not a payload', Buffer.from('{"challenge":1}').toString('base64')]);
  for (const [what, captchaToken] of tries) {
    h.clock.advance(WAIT_OUT_DELAY_MS);
    t.like(await attempt({ ...right, captchaToken }), { code: 'CHALLENGE_REQUIRED' }, what);
  }
  h.clock.advance(WAIT_OUT_DELAY_MS);
  t.is(await attempt({ ...right, captchaToken: await solvedToken(genuine) }), 'ok');
});

test.serial('SEC-AUTH-04 the challenge has the configured difficulty', async (t) => {
  const challenge = await issueLoginChallenge(h.deps);
  const token = JSON.parse(Buffer.from(await solvedToken(challenge), 'base64').toString()) as {
    solution: { counter: number };
  };
  t.true(token.solution.counter >= MAX_NUMBER / 2 && token.solution.counter <= MAX_NUMBER);
});

test.serial('SEC-AUTH-04 an administrator still locks for 30 minutes after 10 failures', async (t) => {
  const admin = await createUser(h.deps, { role: 'PLATFORM_ADMIN' });
  const { secret } = await enrolMfa(h.deps, admin);
  await failTimes(admin.email, 10);
  t.is((await lockedUntil(admin.id))?.getTime(), h.clock.now().getTime() + 30 * 60_000);
  h.clock.advance(WAIT_OUT_DELAY_MS);
  const right = async () => ({
    email: admin.email,
    password: admin.password,
    mfaCode: await totpCode(h.deps, secret),
    captchaToken: await solved(),
  });
  // Locked: the right password, code and a solved challenge still answer "Invalid credentials".
  t.like(await attempt(await right()), { code: 'INVALID_CREDENTIALS' });
  h.clock.advance(30 * 60_000);
  t.is(await attempt(await right()), 'ok');
});

test.serial(
  'SEC-AUTH-04 the progressive delay holds back a request without a solved challenge, not one with it',
  async (t) => {
    const user = await createUser(h.deps);
    await failTimes(user.email, 6);
    const right = { email: user.email, password: user.password };
    // 6 failures: 1 s × 2^(6-3) = 8 s after the last one for a request without a challenge.
    t.like(await attempt(right), { code: 'LOGIN_DELAYED', headers: { 'Retry-After': '8' } });
    // A solved challenge is its own cost per attempt: it gets through the delay.
    t.is(await attempt({ ...right, captchaToken: await solved() }), 'ok');
  },
);

test.serial(
  'SEC-AUTH-04 an attacker failing once each time the delay ends never keeps the owner out',
  async (t) => {
    const owner = await createUser(h.deps);
    await failTimes(owner.email, 10);
    const right = { email: owner.email, password: owner.password };
    // Right after the attacker's latest failure (the delay at its longest): the owner, with a
    // solved challenge, gets in; a wrong challenge token does not buy the same.
    h.clock.advance(1_000);
    const wrongToken = await attempt({ ...right, captchaToken: 'not-a-solution' });
    t.like(wrongToken, { code: 'CHALLENGE_REQUIRED' });
    t.is(await attempt({ ...right, captchaToken: await solved() }), 'ok');
  },
);
