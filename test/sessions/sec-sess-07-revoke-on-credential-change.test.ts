import test from 'ava';
import type { RevocationReason } from '../../services/sessions';
import { newUser, sessionFixture } from './helpers/session-fixture';

const f = sessionFixture('sess07');
const client = { ip: '203.0.113.70', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' };

async function threeSessions() {
  const { sessions } = f.security();
  const user = newUser();
  const all = [];
  for (let i = 0; i < 3; i++) all.push(await sessions.startSession(user, client, 'bearer'));
  return { user, all };
}

for (const reason of ['password_changed', 'mfa_changed'] as RevocationReason[]) {
  test.serial(
    `SEC-SESS-07 ${reason}: every other session and refresh family ends, the caller's stays`,
    async (t) => {
      const { sessions } = f.security();
      const { user, all } = await threeSessions();
      const [own, ...others] = all;
      const ended = await sessions.revokeUserSessions(user.id, {
        exceptSessionId: own!.sessionId,
        reason,
        originIp: client.ip,
      });
      t.is(ended, 2);
      t.truthy(await sessions.authenticate(own!.sessionId));
      t.truthy(await sessions.refresh(own!.refreshToken, client), "the caller's refresh family is untouched");
      for (const s of others) {
        t.is(await sessions.authenticate(s.sessionId), undefined);
        await t.throwsAsync(sessions.refresh(s.refreshToken, client));
      }
      const audited = (await f.auditRows('session.revoked')).filter((r) => r.resource_id === user.id);
      t.true(
        audited.some(
          (r) => r.canonical.includes(`"reason":"${reason}"`) && r.canonical.includes('"sessions":2'),
        ),
      );
    },
  );
}

for (const reason of ['password_reset', 'role_changed'] as RevocationReason[]) {
  test.serial(`SEC-SESS-07 ${reason}: every session of the user ends`, async (t) => {
    const { sessions } = f.security();
    const { user, all } = await threeSessions();
    const ended = await sessions.revokeUserSessions(user.id, {
      reason,
      actor: { type: reason === 'role_changed' ? 'admin' : 'user', id: user.id },
      originIp: client.ip,
    });
    t.is(ended, 3);
    for (const s of all) t.is(await sessions.authenticate(s.sessionId), undefined);
  });
}

test.serial("SEC-SESS-07 revocation leaves other users' sessions alone", async (t) => {
  const { sessions } = f.security();
  const a = await threeSessions();
  const b = await threeSessions();
  await sessions.revokeUserSessions(a.user.id, { reason: 'password_reset' });
  for (const s of b.all) t.truthy(await sessions.authenticate(s.sessionId));
});

test.serial(
  'SEC-AUTH-04 step_up_failed: only the guessing session and its refresh family end, audited as the platform',
  async (t) => {
    const { sessions } = f.security();
    const { user, all } = await threeSessions();
    const [guessing, ...others] = all;
    const ended = await sessions.revokeUserSessions(user.id, {
      onlySessionId: guessing!.sessionId,
      reason: 'step_up_failed',
      actor: { type: 'system', id: 'step-up-limit' },
      originIp: client.ip,
    });
    t.is(ended, 1);
    t.is(await sessions.authenticate(guessing!.sessionId), undefined);
    await t.throwsAsync(sessions.refresh(guessing!.refreshToken, client));
    for (const s of others) t.truthy(await sessions.refresh(s.refreshToken, client));
    const audited = (await f.auditRows('session.revoked')).filter((r) => r.resource_id === user.id);
    t.true(
      audited.some(
        (r) =>
          r.actor_type === 'system' &&
          r.canonical.includes('"reason":"step_up_failed"') &&
          r.canonical.includes('"sessions":1'),
      ),
    );
  },
);
