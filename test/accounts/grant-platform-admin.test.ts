import test from 'ava';
import { QueryTypes } from 'sequelize';
import { grantPlatformAdmin } from '../../services/accounts/grant-platform-admin';
import { AppError } from '../../lib/errors';
import { accountsHarness } from './helpers/accounts-harness';
import { createUser, enrolMfa } from './helpers/accounts-data';

const h = accountsHarness('grant-platform-admin');

test.serial(
  'SEC-AUTHZ-04 the first platform admin comes from an operator command: MFA first, audited, sessions ended',
  async (t) => {
    const user = await createUser(h.deps);
    const refused = await t.throwsAsync(grantPlatformAdmin(h.deps, user.id, 'operator-cli'));
    t.is((refused as AppError).code, 'MFA_ENROLMENT_REQUIRED');
    await enrolMfa(h.deps, user);
    t.deepEqual(await grantPlatformAdmin(h.deps, user.id, 'operator-cli'), { fromRole: 'USER' });
    const [row] = await h.sequelize.query<{ role: string }>('SELECT role FROM users WHERE id = $1', {
      bind: [user.id],
      type: QueryTypes.SELECT,
    });
    t.is(row!.role, 'PLATFORM_ADMIN');
    const [event] = await h.sequelize.query<{ actor_type: string; actor_id: string; canonical: string }>(
      "SELECT actor_type, actor_id, canonical FROM audit_events WHERE event_type = 'authz.role_changed' AND resource_id = $1",
      { bind: [user.id], type: QueryTypes.SELECT },
    );
    t.like(event, { actor_type: 'system', actor_id: 'operator-cli' });
    t.regex(event!.canonical, /"toRole":"PLATFORM_ADMIN"/);
    t.true(h.revoked.some((r) => r.userId === user.id && r.options.reason === 'role_changed'));
  },
);
