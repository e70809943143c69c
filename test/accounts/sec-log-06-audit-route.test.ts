import test from 'ava';
import { QueryTypes } from 'sequelize';
import { identityApp } from './helpers/identity-app';
import { createUser, newEmail, strongPassword } from './helpers/accounts-data';
import { mfaUser } from './helpers/admin-users';

const app = identityApp('sec-log-06');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

const auditReads = async () =>
  (
    await app.sequelize.query<{ outcome: string }>(
      "SELECT outcome FROM audit_events WHERE event_type = 'audit.read' ORDER BY sequence",
      { type: QueryTypes.SELECT },
    )
  ).map((r) => r.outcome);

test.serial(
  'SEC-LOG-06 GET /admin/audit-events filters by type, actor and time, pages by cursor, and audits each read',
  async (t) => {
    const admin = await mfaUser(app.deps, 'PLATFORM_ADMIN');
    const token = await app.bearerLogin(admin.email, admin.password, {
      recoveryCode: admin.recoveryCodes[0],
    });
    const from = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 3; i += 1)
      await app.post('/api/v1/auth/login', { email: newEmail(), password: strongPassword() });
    const before = (await auditReads()).length;

    const query = `type=auth.login.failed&from=${from}&to=${new Date(Date.now() + 60_000).toISOString()}&limit=2`;
    const first = await app.send({ path: `/api/v1/admin/audit-events?${query}`, headers: bearer(token) });
    t.is(first.status, 200, first.text);
    t.is(first.json.events.length, 2);
    t.true(first.json.events.every((e: { type: string }) => e.type === 'auth.login.failed'));
    t.truthy(first.json.nextCursor);
    const second = await app.send({
      path: `/api/v1/admin/audit-events?${query}&after=${first.json.nextCursor}`,
      headers: bearer(token),
    });
    t.is(second.json.events.length, 1);
    t.true(second.json.events[0].sequence > first.json.nextCursor);

    const byActor = await app.send({
      path: `/api/v1/admin/audit-events?actor=${admin.id}`,
      headers: bearer(token),
    });
    t.true(byActor.json.events.length > 0);
    t.true(byActor.json.events.every((e: { actor: { id: string } }) => e.actor.id === admin.id));
    t.deepEqual((await auditReads()).slice(before), ['success', 'success', 'success']);

    const empty = await app.send({
      path: `/api/v1/admin/audit-events?to=${from}&from=${from}`,
      headers: bearer(token),
    });
    t.deepEqual(empty.json.events, []);
    const bad = await app.send({ path: '/api/v1/admin/audit-events?from=yesterday', headers: bearer(token) });
    t.is(bad.status, 400);
  },
);

test.serial(
  'SEC-LOG-06 without view_audit_logs the read is refused (403) and the refusal audited',
  async (t) => {
    const user = await createUser(app.deps);
    const token = await app.bearerLogin(user.email, user.password);
    const answer = await app.send({ path: '/api/v1/admin/audit-events', headers: bearer(token) });
    t.is(answer.status, 403);
    const business = await mfaUser(app.deps, 'BUSINESS_ADMIN');
    const baToken = await app.bearerLogin(business.email, business.password, {
      recoveryCode: business.recoveryCodes[0],
    });
    t.is((await app.send({ path: '/api/v1/admin/audit-events', headers: bearer(baToken) })).status, 403);
    const denied = await app.sequelize.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE event_type = 'authz.access_denied' AND actor_id IN ($1, $2)",
      { bind: [user.id, business.id], type: QueryTypes.SELECT },
    );
    // The permission check refuses before the reader runs; the refusal is the audit row.
    t.is(denied[0]!.n, 2);
  },
);
