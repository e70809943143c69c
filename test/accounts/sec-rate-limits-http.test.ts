import test from 'ava';
import { identityApp } from './helpers/identity-app';
import { createUser, newEmail, strongPassword } from './helpers/accounts-data';

const app = identityApp('identity-limits');

/** Distinct loopback source addresses: each is a different client IP to the limits. */
let nextIp = 2;
const freshIp = () => `127.0.${Math.floor(nextIp / 250) + 1}.${(nextIp++ % 250) + 2}`;

test.serial('SEC-AUTH-04 per IP: the 11th login attempt within 15 minutes is refused with 429', async (t) => {
  const ip = freshIp();
  for (let i = 0; i < 10; i += 1) {
    const answer = await app.post(
      '/api/v1/auth/login',
      { email: newEmail(), password: strongPassword() },
      {},
      ip,
    );
    t.is(answer.status, 401);
  }
  const over = await app.post(
    '/api/v1/auth/login',
    { email: newEmail(), password: strongPassword() },
    {},
    ip,
  );
  t.is(over.status, 429);
  t.is(over.json.error_code, 'RATE_LIMITED');
  t.truthy(over.headers['retry-after']);
  const elsewhere = await app.post(
    '/api/v1/auth/login',
    { email: newEmail(), password: strongPassword() },
    {},
    freshIp(),
  );
  t.is(elsewhere.status, 401);
});

test.serial('SEC-AUTH-04 per account: 10 attempts on one login name from many IPs, then 429', async (t) => {
  const user = await createUser(app.deps);
  for (let i = 0; i < 10; i += 1) {
    const answer = await app.post(
      '/api/v1/auth/login',
      { email: user.email, password: strongPassword() },
      {},
      freshIp(),
    );
    // The per-name delay (LOGIN_DELAYED) starts after 3 failures; the request limit is another 429.
    t.not(answer.json.error_code, 'RATE_LIMITED', `attempt ${i + 1}`);
  }
  const over = await app.post(
    '/api/v1/auth/login',
    { email: user.email.toUpperCase(), password: user.password },
    {},
    freshIp(),
  );
  t.is(over.status, 429);
});

test.serial(
  'SEC-AUTH-07 signup: the 6th signup from one IP within an hour is refused with 429',
  async (t) => {
    const ip = freshIp();
    for (let i = 0; i < 5; i += 1) {
      const answer = await app.post(
        '/api/v1/auth/signup',
        { email: newEmail(), password: strongPassword(), fullName: 'A B' },
        {},
        ip,
      );
      t.is(answer.status, 202);
    }
    const over = await app.post(
      '/api/v1/auth/signup',
      { email: newEmail(), password: strongPassword(), fullName: 'A B' },
      {},
      ip,
    );
    t.is(over.status, 429);
  },
);

test.serial('SEC-AUTH-05 reset requests: 3 per hour per email and 3 per hour per IP', async (t) => {
  const email = newEmail();
  for (let i = 0; i < 3; i += 1) {
    t.is((await app.post('/api/v1/auth/password-reset', { email }, {}, freshIp())).status, 202);
  }
  t.is(
    (await app.post('/api/v1/auth/password-reset', { email: ` ${email.toUpperCase()}` }, {}, freshIp()))
      .status,
    400,
  );
  t.is(
    (await app.post('/api/v1/auth/password-reset', { email: email.toUpperCase() }, {}, freshIp())).status,
    429,
  );

  const ip = freshIp();
  for (let i = 0; i < 3; i += 1) {
    t.is((await app.post('/api/v1/auth/password-reset', { email: newEmail() }, {}, ip)).status, 202);
  }
  t.is((await app.post('/api/v1/auth/password-reset', { email: newEmail() }, {}, ip)).status, 429);
});

test.serial(
  'SEC-AUTH-03 signup and reset answer identically for registered and unknown addresses',
  async (t) => {
    const user = await createUser(app.deps);
    const signups = await Promise.all(
      [user.email, newEmail()].map((email) =>
        app.post(
          '/api/v1/auth/signup',
          { email, password: strongPassword(), fullName: 'C D' },
          {},
          freshIp(),
        ),
      ),
    );
    t.deepEqual(signups[0]!.json, signups[1]!.json);
    t.is(signups[0]!.status, signups[1]!.status);
    const resets = await Promise.all(
      [user.email, newEmail()].map((email) =>
        app.post('/api/v1/auth/password-reset', { email }, {}, freshIp()),
      ),
    );
    t.deepEqual(resets[0]!.json, resets[1]!.json);
    t.is(resets[0]!.status, 202);
  },
);
