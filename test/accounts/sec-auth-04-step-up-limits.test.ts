import test from 'ava';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { QueryTypes } from 'sequelize';
import { generate } from 'otplib';
import { failureWindows } from '../../lib/auth/failure-windows';
import { stepUpLimitedApp } from './helpers/step-up-limited-app';
import { createUser, enrolMfa, strongPassword, totpCode, type TestUser } from './helpers/accounts-data';

/**
 * Secrets re-entered when signed in (current password, MFA step-up) are limited like logins
 * (SEC-AUTH-04 rules, rate limits stepUpPerUser / stepUpPerSession), here shortened to 4 failures
 * per user per minute and 3 per session so one test reaches every limit.
 */
const PER_USER = { limit: 4, windowSeconds: 60, whenRedisDown: 'fail-closed' } as const;
const PER_SESSION = { limit: 3, windowSeconds: 3600, whenRedisDown: 'fail-closed' } as const;
const app = stepUpLimitedApp('sec-auth-04-step-up', { perUser: PER_USER, perSession: PER_SESSION });

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const changePassword = (token: string, currentPassword: string, newPassword = strongPassword()) =>
  app.post('/api/v1/users/me/password', { currentPassword, newPassword }, bearer(token));
const disableMfa = (token: string, mfaCode: string) =>
  app.post('/api/v1/auth/mfa/disable', { mfaCode }, bearer(token));
const me = (token: string) => app.send({ path: '/api/v1/users/me', headers: bearer(token) });

/** Counts the Argon2 verifications the account services ask for (the hasher is injected). */
function verifications(): { count: number } {
  const seen = { count: 0 };
  const real = app.deps.hasher;
  app.deps.hasher = {
    ...real,
    verify: (hash, password) => {
      seen.count += 1;
      return real.verify(hash, password);
    },
  };
  return seen;
}

/** A six-digit code that is none of the codes the ±1-step window accepts now: wrong for certain. */
async function wrongCode(secret: string): Promise<string> {
  const epoch = Math.floor(app.deps.now().getTime() / 1000);
  const valid = new Set(await Promise.all([-30, 0, 30].map((d) => generate({ secret, epoch: epoch + d }))));
  let code = 0;
  while (valid.has(String(code).padStart(6, '0'))) code += 1;
  return String(code).padStart(6, '0');
}

async function stepUpRows(user: TestUser) {
  const rows = await app.sequelize.query<{ outcome: string; actor_type: string; canonical: string }>(
    `SELECT outcome, actor_type, canonical FROM audit_events
      WHERE event_type = 'auth.step_up.failed' AND actor_id = $1 ORDER BY sequence`,
    { bind: [user.id], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ ...r, event: JSON.parse(r.canonical) as Record<string, unknown> }));
}

test.serial(
  'SEC-AUTH-04 step-up: wrong current passwords count per user across sessions; at the limit even the right one gets 429 with Retry-After, before any Argon2 hash, until the window passes',
  async (t) => {
    const user = await createUser(app.deps);
    const [first, second] = [
      await app.bearerLogin(user.email, user.password),
      await app.bearerLogin(user.email, user.password),
    ];
    const hashes = verifications();
    for (const token of [first, first, second, second]) {
      const wrong = await changePassword(token, strongPassword());
      t.is(wrong.status, 401);
      t.is(wrong.json.error_code, 'INVALID_CREDENTIALS');
    }
    t.is(hashes.count, 4);

    const limited = await changePassword(second, user.password);
    t.is(limited.status, 429);
    t.deepEqual(Object.keys(limited.json).sort(), ['error_code', 'error_id', 'message', 'timestamp']);
    t.is(limited.json.error_code, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    t.true(retryAfter >= 1 && retryAfter <= PER_USER.windowSeconds, `Retry-After ${retryAfter}`);
    t.is(limited.headers['ratelimit-policy'], `${PER_USER.limit};w=${PER_USER.windowSeconds}`);
    t.is(hashes.count, 4, 'the limited request computed no Argon2 hash');

    app.clock.advance(PER_USER.windowSeconds * 1000);
    const changed = await changePassword(second, user.password);
    t.is(changed.status, 200, changed.text);
  },
);

test.serial(
  'SEC-AUTH-06 step-up: wrong TOTP codes on MFA disable are counted the same way; at the limit the right code gets 429 and MFA stays on',
  async (t) => {
    const user = await createUser(app.deps);
    const { secret, recoveryCodes } = await enrolMfa(app.deps, user);
    const first = await app.bearerLogin(user.email, user.password, { recoveryCode: recoveryCodes[0] });
    const second = await app.bearerLogin(user.email, user.password, { recoveryCode: recoveryCodes[1] });
    for (const token of [first, first, second, second]) {
      const wrong = await disableMfa(token, await wrongCode(secret));
      t.is(wrong.status, 403);
      t.is(wrong.json.error_code, 'MFA_STEP_UP_REQUIRED');
    }
    app.clock.advance(30_000); // a step no code was spent on: the right code would pass
    const limited = await disableMfa(second, await totpCode(app.deps, secret));
    t.is(limited.status, 429);
    t.is(limited.json.error_code, 'RATE_LIMITED');
    t.truthy(limited.headers['retry-after']);
    t.is(await app.deps.models.UserMfa.count({ where: { user_id: user.id } }), 1, 'MFA is still on');

    app.clock.advance(PER_USER.windowSeconds * 1000);
    const disabled = await disableMfa(second, await totpCode(app.deps, secret));
    t.is(disabled.status, 200, disabled.text);
    t.is(await app.deps.models.UserMfa.count({ where: { user_id: user.id } }), 0);
  },
);

test.serial(
  'SEC-AUTH-04 step-up: the session whose 3rd secret is wrong ends (401, sign in again); the next request with it is 401, other sessions go on',
  async (t) => {
    const user = await createUser(app.deps);
    const [guessing, other] = [
      await app.bearerLogin(user.email, user.password),
      await app.bearerLogin(user.email, user.password),
    ];
    for (let i = 1; i < PER_SESSION.limit; i += 1) {
      t.is((await changePassword(guessing, strongPassword())).json.error_code, 'INVALID_CREDENTIALS');
    }
    const last = await changePassword(guessing, strongPassword());
    t.is(last.status, 401);
    t.is(last.json.error_code, 'SESSION_ENDED');
    t.is((await me(guessing)).status, 401);
    t.is((await changePassword(guessing, user.password)).status, 401);
    t.is((await me(other)).status, 200);
    const revoked = await app.sequelize.query<{ canonical: string }>(
      `SELECT canonical FROM audit_events WHERE event_type = 'session.revoked' AND resource_id = $1`,
      { bind: [user.id], type: QueryTypes.SELECT },
    );
    t.true(revoked.some((r) => r.canonical.includes('step_up_failed')));
  },
);

test.serial(
  'SEC-LOG-03 every failed step-up and every refused one is audited with actor, outcome, origin and counts',
  async (t) => {
    const user = await createUser(app.deps);
    const [first, second] = [
      await app.bearerLogin(user.email, user.password),
      await app.bearerLogin(user.email, user.password),
    ];
    for (const token of [first, first, second, second]) await changePassword(token, strongPassword());
    t.is((await changePassword(second, user.password)).status, 429);

    const rows = await stepUpRows(user);
    t.deepEqual(
      rows.map((r) => [r.outcome, r.actor_type]),
      [...Array(4).fill(['failure', 'user']), ['denied', 'user']],
    );
    t.deepEqual(
      rows.map((r) => {
        const { requestId, ...details } = r.event.details as Record<string, unknown>;
        t.truthy(requestId);
        return details;
      }),
      [
        {
          purpose: 'password_change',
          method: 'password',
          reason: 'bad_password',
          failures: 1,
          sessionFailures: 1,
        },
        {
          purpose: 'password_change',
          method: 'password',
          reason: 'bad_password',
          failures: 2,
          sessionFailures: 2,
        },
        {
          purpose: 'password_change',
          method: 'password',
          reason: 'bad_password',
          failures: 3,
          sessionFailures: 1,
        },
        {
          purpose: 'password_change',
          method: 'password',
          reason: 'bad_password',
          failures: 4,
          sessionFailures: 2,
        },
        {
          purpose: 'password_change',
          method: 'password',
          reason: 'limited',
          failures: 4,
          sessionFailures: 2,
        },
      ],
    );
    for (const row of rows) t.regex(String(row.event.originIp), /^127\./);
  },
);

test.serial(
  'SEC-RATE-01 step-up: guesses sent at once cannot slip past the limit; of 8 parallel wrong passwords only 4 are hashed',
  async (t) => {
    const user = await createUser(app.deps);
    const tokens: string[] = [];
    for (let i = 0; i < 4; i += 1) tokens.push(await app.bearerLogin(user.email, user.password));
    const hashes = verifications();
    const answers = await Promise.all(
      [...tokens, ...tokens].map((token) => changePassword(token, strongPassword())),
    );
    t.is(hashes.count, PER_USER.limit);
    t.is(answers.filter((a) => a.status === 429).length, 8 - PER_USER.limit);
    t.is(answers.filter((a) => a.json.error_code === 'INVALID_CREDENTIALS').length, PER_USER.limit);
  },
);

/** A loopback port nothing listens on: Redis as an outage looks to a client. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.serial(
  'SEC-RATE-02 step-up: with the failure counts unreachable the password change fails closed with 503, before any hash',
  async (t) => {
    const user = await createUser(app.deps);
    const token = await app.bearerLogin(user.email, user.password);
    const dead = new Redis({
      port: await deadPort(),
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    dead.on('error', () => undefined);
    const live = app.deps.stepUpFailures;
    app.deps.stepUpFailures = failureWindows(dead, app.keyPrefix);
    const hashes = verifications();
    try {
      const answer = await changePassword(token, user.password);
      t.is(answer.status, 503);
      t.is(answer.json.error_code, 'SERVICE_UNAVAILABLE');
      t.is(hashes.count, 0);
    } finally {
      app.deps.stepUpFailures = live;
      dead.disconnect();
    }
  },
);
