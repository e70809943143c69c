import test from 'ava';
import { QueryTypes } from 'sequelize';
import {
  assertStepUp,
  confirmMfaEnrolment,
  disableMfa,
  login,
  startMfaEnrolment,
  type LoginInput,
} from '../../services/accounts';
import { AppError } from '../../lib/errors';
import { accountsHarness } from './helpers/accounts-harness';
import { createUser, enrolMfa, ORIGIN, totpCode, type TestUser } from './helpers/accounts-data';

const h = accountsHarness('sec-auth-06');
const actorOf = (u: TestUser) => ({ id: u.id, role: u.role, companyId: u.companyId, sessionId: 'current' });
const codeOf = async (p: Promise<unknown>) =>
  (
    (await p.then(
      () => undefined,
      (e: AppError) => e,
    )) as AppError
  )?.code;
const nextStep = () => h.clock.advance(30_000);
const signIn = (u: TestUser, extra: Partial<LoginInput> = {}) =>
  login(h.deps, { email: u.email, password: u.password, ...extra }, ORIGIN);

test.serial('SEC-AUTH-06 enrolment protects the account only once a code confirms it', async (t) => {
  const user = await createUser(h.deps);
  const { secret, otpauthUri } = await startMfaEnrolment(h.deps, actorOf(user));
  t.regex(otpauthUri, /^otpauth:\/\/totp\//);
  await t.notThrowsAsync(signIn(user)); // unconfirmed: not yet a factor
  t.is(await codeOf(confirmMfaEnrolment(h.deps, actorOf(user), '000000', ORIGIN)), 'MFA_INVALID');
  const { recoveryCodes } = await confirmMfaEnrolment(
    h.deps,
    actorOf(user),
    await totpCode(h.deps, secret),
    ORIGIN,
  );
  t.is(recoveryCodes.length, 10);
  t.is(await codeOf(signIn(user)), 'MFA_REQUIRED');
  nextStep();
  await t.notThrowsAsync(signIn(user, { mfaCode: await totpCode(h.deps, secret) }));
  const changes = h.revoked.filter((r) => r.userId === user.id);
  t.deepEqual(
    changes.map((r) => [r.options.reason, r.options.exceptSessionId]),
    [['mfa_changed', 'current']],
  );
});

test.serial('SEC-AUTH-06 the secret is stored encrypted and recovery codes hashed', async (t) => {
  const user = await createUser(h.deps);
  const { secret, recoveryCodes } = await enrolMfa(h.deps, user);
  const [factor] = await h.sequelize.query<{ secret_encrypted: string }>(
    'SELECT secret_encrypted FROM user_mfa WHERE user_id = $1',
    { bind: [user.id], type: QueryTypes.SELECT },
  );
  t.regex(factor!.secret_encrypted, /^v1\.user\./);
  t.false(factor!.secret_encrypted.includes(secret));
  const codes = await h.sequelize.query<{ hex: string }>(
    "SELECT encode(code_hash, 'hex') AS hex FROM mfa_recovery_codes WHERE user_id = $1",
    { bind: [user.id], type: QueryTypes.SELECT },
  );
  t.is(codes.length, 10);
  const plain = recoveryCodes.map((c) => c.replace(/-/g, ''));
  t.false(codes.some((c) => plain.some((p) => c.hex.includes(Buffer.from(p).toString('hex')))));
});

test.serial('SEC-AUTH-06 no code is accepted twice, and a recovery code works once', async (t) => {
  const user = await createUser(h.deps);
  const { secret, recoveryCodes } = await enrolMfa(h.deps, user);
  nextStep();
  const code = await totpCode(h.deps, secret);
  await t.notThrowsAsync(signIn(user, { mfaCode: code }));
  t.is(await codeOf(signIn(user, { mfaCode: code })), 'MFA_INVALID');
  // An older step (still inside the drift window) is refused too once a newer one was used.
  t.is(await codeOf(signIn(user, { mfaCode: await totpCode(h.deps, secret, -1) })), 'MFA_INVALID');
  await t.notThrowsAsync(signIn(user, { recoveryCode: recoveryCodes[3]!.toLowerCase() }));
  t.is(await codeOf(signIn(user, { recoveryCode: recoveryCodes[3]! })), 'MFA_INVALID');
});

test.serial('SEC-AUTH-06 two concurrent uses of one code: exactly one succeeds', async (t) => {
  const user = await createUser(h.deps);
  const { secret } = await enrolMfa(h.deps, user);
  nextStep();
  const code = await totpCode(h.deps, secret);
  const results = await Promise.allSettled([
    assertStepUp(h.deps, actorOf(user), { mfaCode: code }, 'refund_approval', ORIGIN),
    assertStepUp(h.deps, actorOf(user), { mfaCode: code }, 'refund_approval', ORIGIN),
  ]);
  t.is(results.filter((r) => r.status === 'fulfilled').length, 1);
});

test.serial('SEC-AUTH-06 MFA is mandatory for BUSINESS_ADMIN and PLATFORM_ADMIN', async (t) => {
  for (const role of ['BUSINESS_ADMIN', 'PLATFORM_ADMIN'] as const) {
    const companyId =
      role === 'BUSINESS_ADMIN' ? (await h.deps.models.Company.create({ name: 'Globex' })).id : undefined;
    const admin = await createUser(h.deps, { role, companyId });
    t.is(await codeOf(signIn(admin)), 'MFA_ENROLMENT_REQUIRED', role);
    const { secret } = await enrolMfa(h.deps, admin);
    t.is(await codeOf(disableMfa(h.deps, actorOf(admin), {}, ORIGIN)), 'MFA_REQUIRED_FOR_ROLE');
    nextStep();
    await t.notThrowsAsync(signIn(admin, { mfaCode: await totpCode(h.deps, secret) }));
  }
});

test.serial('SEC-AUTH-06 step-up needs a fresh code of an enrolled factor, and is audited', async (t) => {
  const plain = await createUser(h.deps);
  t.is(
    await codeOf(assertStepUp(h.deps, actorOf(plain), {}, 'payment_method_change', ORIGIN)),
    'MFA_ENROLMENT_REQUIRED',
  );
  const user = await createUser(h.deps);
  const { secret } = await enrolMfa(h.deps, user);
  t.is(
    await codeOf(assertStepUp(h.deps, actorOf(user), {}, 'account_deletion', ORIGIN)),
    'MFA_STEP_UP_REQUIRED',
  );
  t.is(
    await codeOf(assertStepUp(h.deps, actorOf(user), { mfaCode: '123456' }, 'account_deletion', ORIGIN)),
    'MFA_STEP_UP_REQUIRED',
  );
  nextStep();
  await t.notThrowsAsync(
    assertStepUp(
      h.deps,
      actorOf(user),
      { mfaCode: await totpCode(h.deps, secret) },
      'account_deletion',
      ORIGIN,
    ),
  );
  const rows = await h.sequelize.query<{ outcome: string }>(
    "SELECT outcome FROM audit_events WHERE event_type = 'auth.mfa.challenged' AND actor_id = $1 ORDER BY sequence",
    { bind: [user.id], type: QueryTypes.SELECT },
  );
  t.deepEqual(
    rows.map((r) => r.outcome),
    ['failure', 'failure', 'success'],
  );
});

test.serial('SEC-AUTH-06 disabling MFA needs a step-up and ends the other sessions', async (t) => {
  const user = await createUser(h.deps);
  const { secret } = await enrolMfa(h.deps, user);
  t.is(await codeOf(disableMfa(h.deps, actorOf(user), {}, ORIGIN)), 'MFA_STEP_UP_REQUIRED');
  nextStep();
  await disableMfa(h.deps, actorOf(user), { mfaCode: await totpCode(h.deps, secret) }, ORIGIN);
  await t.notThrowsAsync(signIn(user));
  t.is(h.revoked.filter((r) => r.userId === user.id && r.options.reason === 'mfa_changed').length, 2);
});
