import test from 'ava';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../lib/errors';
import type { Role } from '../../lib/rbac';
import { newUser, sessionFixture } from './helpers/session-fixture';

/**
 * SEC-AUTHZ-02 "services check the actor's permission themselves": the session service's
 * administrative revocation, called directly with no route in front, refuses every role without
 * `manage_sessions` and ends nothing; PLATFORM_ADMIN (who holds it) gets past the check.
 */
const f = sessionFixture('authz02-sess');
const client = { ip: '203.0.113.71', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' };

test.serial(
  'SEC-AUTHZ-02 adminRevokeUserSessions: only manage_sessions ends another user’s sessions',
  async (t) => {
    const { sessions } = f.security();
    const victim = newUser();
    const live = await sessions.startSession(victim, client, 'bearer');
    const denied: Role[] = ['USER', 'BUSINESS_USER', 'BUSINESS_ADMIN'];
    for (const role of denied) {
      const actor = { id: randomUUID(), role, companyId: role === 'USER' ? undefined : randomUUID() };
      // A function, not its promise: the check may throw before any promise exists.
      const error = await t.throwsAsync<AppError>(
        async () => sessions.adminRevokeUserSessions(actor, victim.id, client.ip),
        { instanceOf: AppError },
      );
      t.is(`${error?.status} ${error?.code}`, '403 ACCESS_DENIED', role);
      t.truthy(await sessions.authenticate(live.sessionId), `${role}: the session still lives`);
    }
    const admin = { id: randomUUID(), role: 'PLATFORM_ADMIN' as const, sessionId: randomUUID() };
    t.is(
      await sessions.adminRevokeUserSessions(admin, victim.id, client.ip),
      1,
      'the holder gets past the check',
    );
    t.is(await sessions.authenticate(live.sessionId), undefined);
  },
);
