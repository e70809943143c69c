import test from 'ava';
import { QueryTypes } from 'sequelize';
import { loadConfig } from '../../lib/config';
import type { Actor } from '../../lib/rbac';
import { composeRefunds } from '../../api/routes/refunds/compose-refunds';
import { stepUpLimitedApp } from './helpers/step-up-limited-app';
import { createUser, strongPassword } from './helpers/accounts-data';
import { mfaUser, type MfaUser } from './helpers/admin-users';

/**
 * SEC-AUTH-04's rule for secrets re-entered when signed in holds for every step-up the platform
 * has, the ones added after the rule too: each wrong secret is counted in the one per-user window
 * (whatever the purpose) and the session's window, audited `auth.step_up.failed` with its purpose,
 * and the session's 3rd wrong secret (limit shortened here) ends it. Each step-up goes through
 * the composition api/server.ts uses (routes, or the composed refund services).
 */
const PER_USER = { limit: 100, windowSeconds: 3600, whenRedisDown: 'fail-closed' } as const;
const PER_SESSION = { limit: 3, windowSeconds: 3600, whenRedisDown: 'fail-closed' } as const;
const app = stepUpLimitedApp('sec-auth-04-every-step-up', { perUser: PER_USER, perSession: PER_SESSION });

/** Recovery codes are random; this one is the wrong secret for every account. */
const WRONG_RECOVERY_CODE = 'not-a-recovery-code';
const ORIGIN = { ip: '127.0.0.1', userAgent: 'ava', requestId: 'every-step-up' };

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const send = (method: string, path: string, token: string, body?: unknown, headers = {}) =>
  app.send({
    method,
    path,
    headers: { 'Content-Type': 'application/json', ...bearer(token), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** The actor the API builds from an access token: its subject, role and session id (`sid`). */
function actorOf(user: { id: string; role: Actor['role'] }, token: string): Actor {
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sid: string };
  return { id: user.id, role: user.role, sessionId: claims.sid };
}

/** What one wrong step-up answered: the status and code, as a route answers or a service throws. */
type Outcome = { status: number; code: unknown };
type Guess = (token: string) => Promise<Outcome>;

const viaRoute = (answer: Promise<{ status: number; json: Record<string, unknown> }>) =>
  answer.then((a) => ({ status: a.status, code: a.json.error_code }));
const viaService = (call: Promise<unknown>) =>
  call.then(
    () => ({ status: 200, code: undefined }),
    (e: { status?: number; code?: unknown }) => ({ status: e.status ?? 500, code: e.code }),
  );

async function failedStepUps(userId: string) {
  const rows = await app.sequelize.query<{ canonical: string }>(
    `SELECT canonical FROM audit_events WHERE event_type = 'auth.step_up.failed' AND actor_id = $1 ORDER BY sequence`,
    { bind: [userId], type: QueryTypes.SELECT },
  );
  return rows.map((r) => (JSON.parse(r.canonical) as { details: Record<string, unknown> }).details);
}

/**
 * Three wrong secrets on a fresh session: the first two refused with `refused`, the third ends
 * the session (401 SESSION_ENDED) and the token no longer works; the three are audited with
 * `purpose`, the session's count 1 to 3 and the user's count going on from `userFailuresBefore`.
 */
async function provesTheRule(
  t: import('ava').ExecutionContext,
  user: MfaUser,
  login: () => Promise<string>,
  guess: Guess,
  expected: { refused: Outcome; purpose: string; method: string; userFailuresBefore: number },
) {
  const token = await login();
  const before = (await failedStepUps(user.id)).length;
  const outcomes: Outcome[] = [];
  for (let i = 0; i < PER_SESSION.limit; i += 1) outcomes.push(await guess(token));
  t.deepEqual(
    outcomes,
    [expected.refused, expected.refused, { status: 401, code: 'SESSION_ENDED' }],
    expected.purpose,
  );
  t.is((await app.send({ path: '/api/v1/users/me', headers: bearer(token) })).status, 401);
  const audited = (await failedStepUps(user.id)).slice(before);
  t.deepEqual(
    audited.map(({ purpose, method, failures, sessionFailures }) => ({
      purpose,
      method,
      failures,
      sessionFailures,
    })),
    [1, 2, 3].map((n) => ({
      purpose: expected.purpose,
      method: expected.method,
      failures: expected.userFailuresBefore + n,
      sessionFailures: n,
    })),
  );
}

/** One step-up: a wrong guess at it, and what the rule expects of it. */
type Step = [Guess, { refused: Outcome; purpose: string; method: string }];

/**
 * provesTheRule for each step in turn, each on a fresh session of `user` (signed in with their
 * next recovery code); the user's failures add up across the steps.
 */
async function provesTheRuleForEach(t: import('ava').ExecutionContext, user: MfaUser, steps: Step[]) {
  let codes = 0;
  const login = () =>
    app.bearerLogin(user.email, user.password, { recoveryCode: user.recoveryCodes[codes++] });
  let userFailuresBefore = 0;
  for (const [guess, expected] of steps) {
    await provesTheRule(t, user, login, guess, { ...expected, userFailuresBefore });
    userFailuresBefore += PER_SESSION.limit;
  }
}

const mfaRefused = { status: 403, code: 'MFA_STEP_UP_REQUIRED' };
const passwordRefused = { status: 401, code: 'INVALID_CREDENTIALS' };

test.serial(
  "SEC-AUTH-04 every customer step-up (password change, MFA disable, data export, account erasure's password and MFA) counts wrong secrets per user and per session, audits them, and ends the session at the limit",
  async (t) => {
    const user = await mfaUser(app.deps, 'USER');
    await provesTheRuleForEach(t, user, [
      [
        (token) =>
          viaRoute(
            send('POST', '/api/v1/users/me/password', token, {
              currentPassword: strongPassword(),
              newPassword: strongPassword(),
            }),
          ),
        { refused: passwordRefused, purpose: 'password_change', method: 'password' },
      ],
      [
        (token) =>
          viaRoute(send('POST', '/api/v1/auth/mfa/disable', token, { recoveryCode: WRONG_RECOVERY_CODE })),
        { refused: mfaRefused, purpose: 'mfa_disable', method: 'recovery_code' },
      ],
      [
        (token) =>
          viaRoute(
            send('GET', '/api/v1/users/me/export', token, undefined, {
              'X-Recovery-Code': WRONG_RECOVERY_CODE,
            }),
          ),
        { refused: mfaRefused, purpose: 'data_export', method: 'recovery_code' },
      ],
      [
        (token) => viaRoute(send('DELETE', '/api/v1/users/me', token, { password: strongPassword() })),
        { refused: passwordRefused, purpose: 'account_deletion', method: 'password' },
      ],
      [
        (token) =>
          viaRoute(
            send('DELETE', '/api/v1/users/me', token, {
              password: user.password,
              recoveryCode: WRONG_RECOVERY_CODE,
            }),
          ),
        { refused: mfaRefused, purpose: 'account_deletion', method: 'recovery_code' },
      ],
    ]);
    t.is(await app.deps.models.UserMfa.count({ where: { user_id: user.id } }), 1, 'MFA is still on');
  },
);

test.serial(
  'SEC-AUTH-04 every administrator step-up (role change, refund approval above the threshold) counts wrong secrets per user and per session, audits them, and ends the session at the limit',
  async (t) => {
    const admin = await mfaUser(app.deps, 'PLATFORM_ADMIN');
    const target = await createUser(app.deps);
    // The refund services as api/server.ts composes them; their approval calls this step-up
    // above the threshold (services/refunds/decide-refund.ts, test/refunds/sec-pay-04-refunds.test.ts).
    const { refunds } = composeRefunds(
      loadConfig(),
      { sequelize: app.sequelize, temporal: undefined as never },
      { audit: app.deps.audit, accounts: app.deps, idempotency: async (_ctx, next) => next() },
    );
    await provesTheRuleForEach(t, admin, [
      [
        (token) =>
          viaRoute(
            send('PATCH', `/api/v1/admin/users/${target.id}/role`, token, {
              role: 'USER',
              recoveryCode: WRONG_RECOVERY_CODE,
            }),
          ),
        { refused: mfaRefused, purpose: 'role_change', method: 'recovery_code' },
      ],
      [
        (token) =>
          viaService(refunds.stepUp(actorOf(admin, token), { recoveryCode: WRONG_RECOVERY_CODE }, ORIGIN)),
        { refused: mfaRefused, purpose: 'refund_approval', method: 'recovery_code' },
      ],
    ]);
  },
);
