import test, { type ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { listUsers } from '../../services/accounts/admin-users';
import { createCompany, listCompanyMembers } from '../../services/accounts/companies';
import { inviteToCompany } from '../../services/accounts/invitations';
import { changeRole, type RoleChange } from '../../services/accounts/roles';
import { AppError } from '../../lib/errors';
import type { Actor, Role } from '../../lib/rbac';
import { accountsHarness } from './helpers/accounts-harness';
import {
  createCompany as newCompany,
  createUser,
  enrolMfa,
  newEmail,
  ORIGIN,
  totpCode,
  type TestUser,
} from './helpers/accounts-data';

/**
 * SEC-AUTHZ-02 "services check the actor's permission themselves": each account service is called
 * directly, with no route in front, by actors whose role lacks the permission (403 ACCESS_DENIED,
 * nothing written) and by one that holds it (the call gets past the check). The denied actors
 * carry everything else the action needs (MFA, a fresh code, the right company), so without the
 * service's own check the action would go through.
 */
const h = accountsHarness('sec-authz-02-accounts');

const actorOf = (u: TestUser): Actor => ({
  id: u.id,
  role: u.role,
  companyId: u.companyId,
  sessionId: randomUUID(),
});

/** `allowed`, or the AppError's status and code. */
async function outcome(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'allowed';
  } catch (err) {
    if (err instanceof AppError) return `${err.status} ${err.code}`;
    throw err;
  }
}

/** What an account action could write (audit rows aside: a denial may be audited). */
async function written(): Promise<unknown> {
  const [row] = await h.sequelize.query(
    `SELECT (SELECT count(*) FROM companies) AS companies,
            (SELECT count(*) FROM company_invitations) AS invitations,
            (SELECT count(*) FROM email_outbox) AS outbox,
            (SELECT string_agg(id || ':' || role || ':' || coalesce(company_id::text, '-'), ',' ORDER BY id)
               FROM users) AS roles`,
    { type: QueryTypes.SELECT },
  );
  return { row, revoked: h.revoked.length, dispatched: h.dispatched.length };
}

async function refusedUnwritten(t: ExecutionContext, label: string, run: () => Promise<unknown>) {
  const before = await written();
  t.is(await outcome(run()), '403 ACCESS_DENIED', label);
  t.deepEqual(await written(), before, `${label}: nothing written`);
}

/** A user with confirmed MFA, and a fresh (unspent) TOTP code of theirs at the current clock. */
async function withMfa(role: Role, companyId?: string): Promise<TestUser> {
  const user = await createUser(h.deps, { role, companyId });
  await enrolMfa(h.deps, user);
  return user;
}
const freshCode = async (u: TestUser) => {
  h.clock.advance(30_000); // enrolment and earlier step-ups spent the current step
  return { mfaCode: await totpCode(h.deps, u.totpSecret!) };
};

test.serial('SEC-AUTHZ-02 listUsers: only manage_users (PLATFORM_ADMIN) reads the user list', async (t) => {
  const companyId = await newCompany(h.deps);
  for (const role of ['USER', 'BUSINESS_USER', 'BUSINESS_ADMIN'] as const) {
    const actor = actorOf(
      await createUser(h.deps, { role, companyId: role === 'USER' ? undefined : companyId }),
    );
    await refusedUnwritten(t, role, () => listUsers(h.deps, actor, {}, ORIGIN));
  }
  const admin = actorOf(await createUser(h.deps, { role: 'PLATFORM_ADMIN' }));
  const { users } = await listUsers(h.deps, admin, {}, ORIGIN);
  t.true(
    users.some((u) => u.id === admin.id),
    'the permission holder gets past the check',
  );
});

test.serial(
  'SEC-AUTHZ-02 createCompany: a BUSINESS_ADMIN with MFA and a fresh code still cannot create one',
  async (t) => {
    const companyId = await newCompany(h.deps);
    const businessAdmin = await withMfa('BUSINESS_ADMIN', companyId);
    const future = await withMfa('USER');
    await refusedUnwritten(t, 'BUSINESS_ADMIN', async () =>
      createCompany(
        h.deps,
        actorOf(businessAdmin),
        { name: 'Not Allowed Ltd', adminUserId: future.id },
        await freshCode(businessAdmin),
        ORIGIN,
      ),
    );
    const user = await withMfa('USER');
    await refusedUnwritten(t, 'USER', async () =>
      createCompany(
        h.deps,
        actorOf(user),
        { name: 'Not Allowed Ltd', adminUserId: future.id },
        await freshCode(user),
        ORIGIN,
      ),
    );
    const platformAdmin = await withMfa('PLATFORM_ADMIN');
    const made = await createCompany(
      h.deps,
      actorOf(platformAdmin),
      { name: 'Allowed Ltd', adminUserId: future.id },
      await freshCode(platformAdmin),
      ORIGIN,
    );
    t.is(made.name, 'Allowed Ltd', 'the permission holder gets past the check');
  },
);

test.serial(
  'SEC-AUTHZ-02 listCompanyMembers: a member without manage_company_users cannot list their own company',
  async (t) => {
    const companyId = await newCompany(h.deps);
    const member = await createUser(h.deps, { role: 'BUSINESS_USER', companyId });
    await refusedUnwritten(t, 'BUSINESS_USER of the company', () =>
      listCompanyMembers(h.deps, actorOf(member), companyId, ORIGIN),
    );
    const outsider = await createUser(h.deps);
    await refusedUnwritten(t, 'USER', () => listCompanyMembers(h.deps, actorOf(outsider), companyId, ORIGIN));
    const admin = await createUser(h.deps, { role: 'BUSINESS_ADMIN', companyId });
    const members = await listCompanyMembers(h.deps, actorOf(admin), companyId, ORIGIN);
    t.true(
      members.some((m) => m.id === member.id),
      'the permission holder gets past the check',
    );
  },
);

test.serial(
  'SEC-AUTHZ-02 inviteToCompany: a member without manage_company_users invites nobody',
  async (t) => {
    const companyId = await newCompany(h.deps);
    const member = await createUser(h.deps, { role: 'BUSINESS_USER', companyId });
    await refusedUnwritten(t, 'BUSINESS_USER of the company', () =>
      inviteToCompany(h.deps, actorOf(member), companyId, newEmail('invitee'), ORIGIN),
    );
    const outsider = await createUser(h.deps);
    await refusedUnwritten(t, 'USER', () =>
      inviteToCompany(h.deps, actorOf(outsider), companyId, newEmail('invitee'), ORIGIN),
    );
    const admin = await createUser(h.deps, { role: 'BUSINESS_ADMIN', companyId });
    const invited = await inviteToCompany(h.deps, actorOf(admin), companyId, newEmail('invitee'), ORIGIN);
    t.truthy(invited.id, 'the permission holder gets past the check');
  },
);

test.serial(
  'SEC-AUTHZ-02 changeRole: an actor without manage_users or manage_company_users changes no role',
  async (t) => {
    const companyId = await newCompany(h.deps);
    const member = await withMfa('BUSINESS_USER', companyId);
    const colleague = await createUser(h.deps, { role: 'BUSINESS_USER', companyId });
    const outsider = await withMfa('USER');
    const attempts: [string, TestUser, string, RoleChange][] = [
      ['BUSINESS_USER moving a colleague out of the company', member, colleague.id, { role: 'USER' }],
      ['BUSINESS_USER naming an unknown role', member, colleague.id, { role: 'NOT_A_ROLE' as Role }],
      ['USER on an unknown user', outsider, randomUUID(), { role: 'USER' }],
      ['USER promoting someone', outsider, colleague.id, { role: 'BUSINESS_ADMIN', companyId }],
    ];
    for (const [label, actor, targetId, change] of attempts) {
      await refusedUnwritten(t, label, async () =>
        changeRole(h.deps, actorOf(actor), targetId, change, await freshCode(actor), ORIGIN),
      );
    }
    const admin = await withMfa('BUSINESS_ADMIN', companyId);
    const changed = await changeRole(
      h.deps,
      actorOf(admin),
      colleague.id,
      { role: 'USER' },
      await freshCode(admin),
      ORIGIN,
    );
    t.is(changed.role, 'USER', 'the permission holder gets past the check');
  },
);
