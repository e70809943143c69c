import test from 'ava';
import { identityApp } from './helpers/identity-app';
import { createUser, strongPassword } from './helpers/accounts-data';
import { mfaUser } from './helpers/admin-users';

const app = identityApp('sec-err-02');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

test.serial(
  'SEC-ERR-02 401 "Authentication required" without a session, 401 "Invalid credentials" on a bad login',
  async (t) => {
    const none = await app.send({ path: '/api/v1/users/me' });
    t.is(none.status, 401);
    t.like(none.json, { error_code: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' });
    const user = await createUser(app.deps);
    const bad = await app.post('/api/v1/auth/login', { email: user.email, password: strongPassword() });
    t.is(bad.status, 401);
    t.like(bad.json, { error_code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' });
    t.deepEqual(Object.keys(bad.json).sort(), ['error_code', 'error_id', 'message', 'timestamp']);
  },
);

test.serial('SEC-ERR-02 403 "Access denied" for a role without the permission', async (t) => {
  const user = await createUser(app.deps);
  const token = await app.bearerLogin(user.email, user.password);
  for (const path of ['/api/v1/admin/users', '/api/v1/admin/audit-events']) {
    const answer = await app.send({ path, headers: bearer(token) });
    t.is(answer.status, 403, path);
    t.like(answer.json, { error_code: 'ACCESS_DENIED', message: 'Access denied' });
  }
});

test.serial("SEC-ERR-02 another company's objects answer 404, not 403", async (t) => {
  const admin = await mfaUser(app.deps, 'BUSINESS_ADMIN');
  const other = await mfaUser(app.deps, 'BUSINESS_ADMIN');
  const token = await app.bearerLogin(admin.email, admin.password, { recoveryCode: admin.recoveryCodes[0] });
  const own = await app.send({ path: `/api/v1/companies/${admin.companyId}/users`, headers: bearer(token) });
  t.is(own.status, 200);
  t.deepEqual(
    own.json.users.map((u: { id: string }) => u.id),
    [admin.id],
  );
  const theirs = await app.send({
    path: `/api/v1/companies/${other.companyId}/users`,
    headers: bearer(token),
  });
  t.is(theirs.status, 404);
  t.is(theirs.json.error_code, 'NOT_FOUND');
  const invite = await app.post(
    `/api/v1/companies/${other.companyId}/invitations`,
    { email: 'someone@example.test' },
    bearer(token),
  );
  t.is(invite.status, 404);
});
