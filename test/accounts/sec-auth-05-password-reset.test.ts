import test from 'ava';
import { QueryTypes } from 'sequelize';
import { completePasswordReset, login, requestPasswordReset } from '../../services/accounts';
import { AppError } from '../../lib/errors';
import { accountsHarness } from './helpers/accounts-harness';
import { createUser, ORIGIN, strongPassword, type TestUser } from './helpers/accounts-data';

const h = accountsHarness('sec-auth-05');

/** Requests a reset and returns the newest reset email's payload (the e2e test reads the real mail). */
async function requestReset(user: TestUser, ip = ORIGIN.ip) {
  requestPasswordReset(h.deps, user.email, { ...ORIGIN, ip });
  await h.deps.background.drain();
  const rows = await h.deps.models.EmailOutbox.findAll({
    where: { id: h.dispatched, template: 'reset_password' },
  });
  const mine = rows.filter((r) => r.recipient === user.email).sort((a, b) => +b.createdAt - +a.createdAt);
  const payload = JSON.parse(mine[0]!.payload!) as { link: string; requestIp: string; requestedAt: string };
  return { ...payload, token: payload.link.split('#reset-password=')[1]! };
}

const codeOf = async (p: Promise<unknown>) =>
  (
    (await p.then(
      () => undefined,
      (e: AppError) => e,
    )) as AppError
  )?.code;

test.serial('SEC-AUTH-05 a 256-bit token, stored hashed, mailed with the request IP and time', async (t) => {
  const user = await createUser(h.deps);
  const mail = await requestReset(user, '198.51.100.23');
  t.regex(mail.token, /^[A-Za-z0-9_-]{43}$/); // 32 bytes
  t.is(mail.requestIp, '198.51.100.23');
  t.is(mail.requestedAt, h.clock.now().toISOString());
  const rows = await h.sequelize.query<{ hex: string }>(
    "SELECT encode(token_hash, 'hex') AS hex FROM account_tokens WHERE user_id = $1 AND purpose = 'reset_password'",
    { bind: [user.id], type: QueryTypes.SELECT },
  );
  t.is(rows.length, 1);
  t.is(rows[0]!.hex.length, 64);
  t.false(rows[0]!.hex.includes(Buffer.from(mail.token).toString('hex')));
});

test.serial(
  'SEC-AUTH-05 success sets the password, ends every session, and the token is single use',
  async (t) => {
    const user = await createUser(h.deps);
    const { token } = await requestReset(user);
    const fresh = strongPassword();
    await completePasswordReset(h.deps, token, fresh, ORIGIN);
    const revoked = h.revoked.filter((r) => r.userId === user.id);
    t.is(revoked.length, 1);
    t.is(revoked[0]!.options.reason, 'password_reset');
    t.is(revoked[0]!.options.exceptSessionId, undefined);
    t.is(
      await codeOf(login(h.deps, { email: user.email, password: user.password }, ORIGIN)),
      'INVALID_CREDENTIALS',
    );
    await t.notThrowsAsync(login(h.deps, { email: user.email, password: fresh }, ORIGIN));
    t.is(await codeOf(completePasswordReset(h.deps, token, strongPassword(), ORIGIN)), 'INVALID_TOKEN');
  },
);

test.serial('SEC-AUTH-05 a newer request invalidates older tokens', async (t) => {
  const user = await createUser(h.deps);
  const older = await requestReset(user);
  h.clock.advance(1000);
  const newer = await requestReset(user);
  t.not(older.token, newer.token);
  t.is(await codeOf(completePasswordReset(h.deps, older.token, strongPassword(), ORIGIN)), 'INVALID_TOKEN');
  await t.notThrowsAsync(completePasswordReset(h.deps, newer.token, strongPassword(), ORIGIN));
});

test.serial('SEC-AUTH-05 a token expires after one hour', async (t) => {
  const user = await createUser(h.deps);
  const { token } = await requestReset(user);
  h.clock.advance(3600 * 1000 + 1);
  t.is(await codeOf(completePasswordReset(h.deps, token, strongPassword(), ORIGIN)), 'INVALID_TOKEN');
});

test.serial('SEC-AUTH-05 a weak new password is refused and leaves the token usable', async (t) => {
  const user = await createUser(h.deps);
  const { token } = await requestReset(user);
  t.is(await codeOf(completePasswordReset(h.deps, token, 'too short', ORIGIN)), 'WEAK_PASSWORD');
  await t.notThrowsAsync(completePasswordReset(h.deps, token, strongPassword(), ORIGIN));
});

test.serial('SEC-AUTH-05 a failed session revocation leaves password and token unchanged', async (t) => {
  const user = await createUser(h.deps);
  const { token } = await requestReset(user);
  const broken = {
    ...h.deps,
    sessions: { revokeUserSessions: () => Promise.reject(new Error('redis down')) },
  };
  await t.throwsAsync(completePasswordReset(broken, token, strongPassword(), ORIGIN));
  await t.notThrowsAsync(login(h.deps, { email: user.email, password: user.password }, ORIGIN));
  await t.notThrowsAsync(completePasswordReset(h.deps, token, strongPassword(), ORIGIN));
});
