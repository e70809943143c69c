import test from 'ava';
import { QueryTypes } from 'sequelize';
import { identityApp } from './helpers/identity-app';
import { createCompany, createUser, enrolMfa, newEmail, strongPassword } from './helpers/accounts-data';
import { mfaUser } from './helpers/admin-users';

const app = identityApp('sec-authz-04');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const patch = (path: string, body: unknown, token: string) =>
  app.send({
    method: 'PATCH',
    path,
    headers: { 'Content-Type': 'application/json', ...bearer(token) },
    body: JSON.stringify(body),
  });

test.serial(
  'SEC-AUTHZ-04 role and company fields in an ordinary body are refused (mass assignment)',
  async (t) => {
    const user = await createUser(app.deps);
    const token = await app.bearerLogin(user.email, user.password);
    for (const body of [
      { role: 'PLATFORM_ADMIN' },
      { fullName: 'X Y', companyId: await createCompany(app.deps) },
    ]) {
      const answer = await patch('/api/v1/users/me', body, token);
      t.is(answer.status, 400);
      t.is(answer.json.error_code, 'UNKNOWN_FIELDS');
    }
    const me = await app.send({ path: '/api/v1/users/me', headers: bearer(token) });
    t.like(me.json, { role: 'USER', companyId: null });
    t.false(me.text.includes('argon2'));
  },
);

test.serial(
  'SEC-AUTHZ-04 a platform admin changes a role with step-up: audited, and the user’s sessions end',
  async (t) => {
    const admin = await mfaUser(app.deps, 'PLATFORM_ADMIN');
    const adminToken = await app.bearerLogin(admin.email, admin.password, {
      recoveryCode: admin.recoveryCodes[0],
    });
    const user = await createUser(app.deps);
    const userToken = await app.bearerLogin(user.email, user.password);
    const companyId = await createCompany(app.deps);
    const path = `/api/v1/admin/users/${user.id}/role`;

    const noStepUp = await patch(path, { role: 'BUSINESS_USER', companyId }, adminToken);
    t.is(noStepUp.status, 403);
    t.is(noStepUp.json.error_code, 'MFA_STEP_UP_REQUIRED');

    const changed = await patch(
      path,
      { role: 'BUSINESS_USER', companyId, recoveryCode: admin.recoveryCodes[1] },
      adminToken,
    );
    t.is(changed.status, 200);
    t.like(changed.json, { id: user.id, role: 'BUSINESS_USER', companyId });
    t.is((await app.send({ path: '/api/v1/users/me', headers: bearer(userToken) })).status, 401);
    const [event] = await app.sequelize.query<{ canonical: string }>(
      "SELECT canonical FROM audit_events WHERE event_type = 'authz.role_changed' AND resource_id = $1",
      { bind: [user.id], type: QueryTypes.SELECT },
    );
    t.regex(event!.canonical, /"fromRole":"USER"/);
    t.regex(event!.canonical, /"toRole":"BUSINESS_USER"/);
    t.regex(event!.canonical, new RegExp(`"id":"${admin.id}"`));

    const toAdmin = await patch(
      path,
      { role: 'PLATFORM_ADMIN', recoveryCode: admin.recoveryCodes[2] },
      adminToken,
    );
    t.is(toAdmin.status, 409, 'an admin role needs the user’s own MFA first');
    t.is(toAdmin.json.error_code, 'MFA_ENROLMENT_REQUIRED');
  },
);

test.serial('SEC-AUTHZ-04 no self-escalation; only PLATFORM_ADMIN reaches the role route', async (t) => {
  const admin = await mfaUser(app.deps, 'PLATFORM_ADMIN');
  const adminToken = await app.bearerLogin(admin.email, admin.password, {
    recoveryCode: admin.recoveryCodes[0],
  });
  const self = await patch(
    `/api/v1/admin/users/${admin.id}/role`,
    { role: 'USER', recoveryCode: admin.recoveryCodes[1] },
    adminToken,
  );
  t.is(self.status, 403);
  t.is(self.json.error_code, 'SELF_ROLE_CHANGE');

  const businessAdmin = await mfaUser(app.deps, 'BUSINESS_ADMIN');
  const baToken = await app.bearerLogin(businessAdmin.email, businessAdmin.password, {
    recoveryCode: businessAdmin.recoveryCodes[0],
  });
  for (const role of ['PLATFORM_ADMIN', 'BUSINESS_ADMIN']) {
    const answer = await patch(
      `/api/v1/admin/users/${businessAdmin.id}/role`,
      { role, companyId: businessAdmin.companyId, recoveryCode: businessAdmin.recoveryCodes[1] },
      baToken,
    );
    t.is(answer.status, 403, role);
    t.is(answer.json.error_code, 'ACCESS_DENIED');
  }
});

test.serial(
  'SEC-AUTHZ-04 a business admin invites and removes BUSINESS_USERs of their own company only',
  async (t) => {
    const ba = await mfaUser(app.deps, 'BUSINESS_ADMIN');
    const token = await app.bearerLogin(ba.email, ba.password, { recoveryCode: ba.recoveryCodes[0] });

    const email = newEmail('invitee');
    const invited = await app.post(`/api/v1/companies/${ba.companyId}/invitations`, { email }, bearer(token));
    t.is(invited.status, 202);
    const outbox = await app.deps.models.EmailOutbox.findByPk(app.dispatched.at(-1));
    const invitationToken = (JSON.parse(outbox!.payload!) as { link: string }).link.split(
      '#accept-invitation=',
    )[1];
    const accept = { token: invitationToken, password: strongPassword(), fullName: 'New Member' };
    const accepted = await app.post('/api/v1/invitations/accept', accept);
    t.is(accepted.status, 201);
    t.like(accepted.json, { companyId: ba.companyId });
    t.is(
      (await app.post('/api/v1/invitations/accept', { ...accept, password: strongPassword() })).status,
      400,
    );
    const memberId = accepted.json.userId as string;

    const remove = (companyId: string, userId: string, code: string) =>
      app.send({
        method: 'DELETE',
        path: `/api/v1/companies/${companyId}/users/${userId}`,
        headers: { 'Content-Type': 'application/json', ...bearer(token) },
        body: JSON.stringify({ recoveryCode: code }),
      });
    const other = await mfaUser(app.deps, 'BUSINESS_ADMIN');
    const outsider = await createUser(app.deps, { role: 'BUSINESS_USER', companyId: other.companyId });
    t.is((await remove(other.companyId!, outsider.id, ba.recoveryCodes[1]!)).status, 404);
    const peer = await createUser(app.deps, { role: 'BUSINESS_ADMIN', companyId: ba.companyId });
    await enrolMfa(app.deps, peer);
    t.is(
      (await remove(ba.companyId!, peer.id, ba.recoveryCodes[2]!)).status,
      403,
      'not another business admin',
    );
    const removed = await remove(ba.companyId!, memberId, ba.recoveryCodes[3]!);
    t.is(removed.status, 200);
    t.like(removed.json, { id: memberId, role: 'USER' });
  },
);
