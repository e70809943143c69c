import test from 'ava';
import { QueryTypes } from 'sequelize';
import type { LoginInput } from '../../services/accounts';
import { accountsHarness } from './helpers/accounts-harness';
import { createUser, enrolMfa, newEmail, strongPassword, totpCode } from './helpers/accounts-data';
import { loginOutcome } from './helpers/login-outcome';

const h = accountsHarness('sec-auth-04');
const WAIT_OUT_DELAY_MS = 61_000; // longer than accounts.delayMaxSeconds

const attempt = (input: LoginInput) => loginOutcome(h.deps, input);

async function failTimes(email: string, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    h.clock.advance(WAIT_OUT_DELAY_MS);
    const result = await attempt({ email, password: strongPassword(), captchaToken: 'solved' });
    if (result === 'ok' || result.code !== 'INVALID_CREDENTIALS')
      throw new Error(`unexpected ${JSON.stringify(result)}`);
  }
}

test.serial('SEC-AUTH-04 after 3 failures each attempt waits a delay that doubles', async (t) => {
  const user = await createUser(h.deps);
  await failTimes(user.email, 3);
  const right = { email: user.email, password: user.password };
  const delayed = await attempt(right);
  t.like(delayed, { code: 'LOGIN_DELAYED', headers: { 'Retry-After': '1' } });
  h.clock.advance(1000);
  t.is(await attempt(right), 'ok');

  await failTimes(user.email, 4); // failure 4 waits 2 s
  const longer = await attempt(right);
  t.like(longer, { code: 'LOGIN_DELAYED', headers: { 'Retry-After': '2' } });
});

test.serial(
  'SEC-AUTH-04 after 5 failures a solved challenge is needed, and the right password still gets in',
  async (t) => {
    const user = await createUser(h.deps);
    await failTimes(user.email, 12);
    h.clock.advance(WAIT_OUT_DELAY_MS);
    const right = { email: user.email, password: user.password };
    t.like(await attempt(right), { code: 'CHALLENGE_REQUIRED' });
    t.like(await attempt({ ...right, captchaToken: 'wrong' }), { code: 'CHALLENGE_REQUIRED' });
    // A customer is never locked out (ASVS 6.1.1): the challenge and the wait always get through.
    t.is(await attempt({ ...right, captchaToken: 'solved' }), 'ok');
    // Success forgets the failures.
    t.is(await attempt(right), 'ok');
  },
);

test.serial('SEC-AUTH-04 unknown login names get the same delays and challenges', async (t) => {
  const email = newEmail('nobody');
  await failTimes(email, 5);
  t.like(await attempt({ email, password: strongPassword() }), { code: 'LOGIN_DELAYED' });
  h.clock.advance(WAIT_OUT_DELAY_MS);
  t.like(await attempt({ email, password: strongPassword() }), { code: 'CHALLENGE_REQUIRED' });
});

test.serial('SEC-AUTH-04 an administrator account locks for 30 minutes after 10 failures', async (t) => {
  const admin = await createUser(h.deps, { role: 'PLATFORM_ADMIN' });
  const { secret } = await enrolMfa(h.deps, admin);
  await failTimes(admin.email, 10);
  const [row] = await h.sequelize.query<{ locked_until: Date }>(
    'SELECT locked_until FROM users WHERE id = $1',
    {
      bind: [admin.id],
      type: QueryTypes.SELECT,
    },
  );
  t.is(row!.locked_until.getTime() - h.clock.now().getTime(), 30 * 60_000);

  h.clock.advance(WAIT_OUT_DELAY_MS);
  const right = { email: admin.email, password: admin.password, captchaToken: 'solved' };
  // Locked: even the right password and code answer "Invalid credentials".
  t.like(await attempt({ ...right, mfaCode: await totpCode(h.deps, secret) }), {
    code: 'INVALID_CREDENTIALS',
  });

  h.clock.advance(30 * 60_000);
  t.is(await attempt({ ...right, mfaCode: await totpCode(h.deps, secret) }), 'ok');
  const [locks] = await h.sequelize.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM audit_events WHERE event_type = 'auth.account.locked' AND resource_id = $1",
    { bind: [admin.id], type: QueryTypes.SELECT },
  );
  t.is(locks!.n, 1);
});

test.serial('SEC-AUTH-04 a customer account is never locked, however many failures', async (t) => {
  const user = await createUser(h.deps);
  await failTimes(user.email, 15);
  const [row] = await h.sequelize.query<{ locked_until: Date | null }>(
    'SELECT locked_until FROM users WHERE id = $1',
    { bind: [user.id], type: QueryTypes.SELECT },
  );
  t.is(row!.locked_until, null);
  h.clock.advance(WAIT_OUT_DELAY_MS);
  t.is(await attempt({ email: user.email, password: user.password, captchaToken: 'solved' }), 'ok');
});
