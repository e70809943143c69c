import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { AuditEvent } from '../../lib/audit';
import { AppError } from '../../lib/errors';
import type { Actor } from '../../lib/rbac';
import { listUsers } from '../../services/accounts/admin-users';
import { listCompanyMembers } from '../../services/accounts/companies';
import { changeRole } from '../../services/accounts/roles';
import { accountsHarness } from './helpers/accounts-harness';
import { createCompany, createUser, type TestUser } from './helpers/accounts-data';
import { harnessSessionService } from './helpers/harness-sessions';

/**
 * SEC-LOG-03: the administration services' own refusals (SEC-AUTHZ-02 403s, SEC-AUTHZ-03 404s
 * for another company's objects) each leave an `authz.access_denied` row with the actor, the
 * origin IP and what was asked for; the answer is the one the service always gave.
 */
const h = accountsHarness('sec-log-03-denials');

const actorOf = (u: TestUser): Actor => ({
  id: u.id,
  role: u.role,
  companyId: u.companyId,
  sessionId: randomUUID(),
});

async function refusal(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'allowed';
  } catch (err) {
    if (err instanceof AppError) return `${err.status} ${err.code} ${err.message}`;
    throw err;
  }
}

async function denialsOf(actorId: string): Promise<AuditEvent[]> {
  const rows = await h.sequelize.query<{ canonical: string }>(
    `SELECT canonical FROM audit_events
      WHERE event_type = 'authz.access_denied' AND actor_id = :actorId ORDER BY sequence`,
    { type: QueryTypes.SELECT, replacements: { actorId } },
  );
  return rows.map((r) => JSON.parse(r.canonical) as AuditEvent);
}

test.serial(
  'SEC-LOG-03 a 403 from an administration service is audited as authz.access_denied',
  async (t) => {
    const companyId = await createCompany(h.deps);
    const businessAdmin = actorOf(await createUser(h.deps, { role: 'BUSINESS_ADMIN', companyId }));
    const origin = { ip: '198.51.100.31', userAgent: 'ava', requestId: 'req-users-list' };
    t.is(await refusal(listUsers(h.deps, businessAdmin, {}, origin)), '403 ACCESS_DENIED Access denied');
    const target = await createUser(h.deps);
    t.is(
      await refusal(changeRole(h.deps, businessAdmin, target.id, { role: 'USER' }, {}, origin)),
      '404 NOT_FOUND User not found',
    );
    const user = actorOf(await createUser(h.deps));
    t.is(
      await refusal(changeRole(h.deps, user, target.id, { role: 'PLATFORM_ADMIN' }, {}, origin)),
      '403 ACCESS_DENIED Access denied',
    );

    const [listed, roleOfStranger, ...more] = await denialsOf(businessAdmin.id);
    t.is(more.length, 0);
    t.like(listed, {
      actor: { type: 'user', id: businessAdmin.id },
      outcome: 'denied',
      originIp: origin.ip,
      resource: { type: 'service', id: 'admin.users.list' },
      details: {
        reason: 'forbidden',
        action: 'admin.users.list',
        code: 'ACCESS_DENIED',
        requestId: 'req-users-list',
      },
    });
    // Another company's user: answered as missing, audited as a denial.
    t.like(roleOfStranger, {
      originIp: origin.ip,
      resource: { type: 'user', id: target.id },
      details: { reason: 'not_visible', action: 'users.role_change', code: 'NOT_FOUND' },
    });
    const [byUser, ...others] = await denialsOf(user.id);
    t.is(others.length, 0);
    t.like(byUser, {
      actor: { type: 'user', id: user.id },
      resource: { type: 'user', id: target.id },
      details: { reason: 'forbidden', action: 'users.role_change' },
    });
  },
);

test.serial(
  'SEC-LOG-03 another company’s member list answers 404 as before and leaves an authz.access_denied row naming the company',
  async (t) => {
    const mine = await createCompany(h.deps);
    const theirs = await createCompany(h.deps);
    const admin = actorOf(await createUser(h.deps, { role: 'BUSINESS_ADMIN', companyId: mine }));
    const origin = { ip: '198.51.100.32', userAgent: 'ava' };
    t.is(await refusal(listCompanyMembers(h.deps, admin, theirs, origin)), '404 NOT_FOUND Company not found');
    t.is((await listCompanyMembers(h.deps, admin, mine, origin)).length, 1, 'their own company is no denial');
    const denials = await denialsOf(admin.id);
    t.is(denials.length, 1);
    t.like(denials[0], {
      actor: { type: 'user', id: admin.id },
      originIp: origin.ip,
      resource: { type: 'company', id: theirs },
      details: { reason: 'not_visible', action: 'companies.members' },
    });
  },
);

test.serial(
  'SEC-LOG-03 the session service’s administrator revocation refused to a non-administrator is audited',
  async (t) => {
    const sessions = harnessSessionService(h);
    const companyId = await createCompany(h.deps);
    const businessAdmin = actorOf(await createUser(h.deps, { role: 'BUSINESS_ADMIN', companyId }));
    const victim = await createUser(h.deps, { role: 'BUSINESS_USER', companyId });
    t.is(
      await refusal(sessions.adminRevokeUserSessions(businessAdmin, victim.id, '198.51.100.33')),
      '403 ACCESS_DENIED Access denied',
    );
    const denials = await denialsOf(businessAdmin.id);
    t.is(denials.length, 1);
    t.like(denials[0], {
      originIp: '198.51.100.33',
      resource: { type: 'user', id: victim.id },
      details: { reason: 'forbidden', action: 'sessions.admin_revoke' },
    });
  },
);
