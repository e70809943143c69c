import test from 'ava';
import { newUser, sessionFixture } from './helpers/session-fixture';

const f = sessionFixture('sess05');
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36';

test.serial(
  'SEC-SESS-05 a sixth login evicts the oldest session: at most 5 live, eviction audited',
  async (t) => {
    const { sessions } = f.security();
    const user = newUser();
    const started = [];
    for (let i = 0; i < 6; i++) {
      started.push(
        await sessions.startSession(user, { ip: `203.0.113.${i + 1}`, userAgent: firefox }, 'bearer'),
      );
      f.clock.advance(1_000);
    }
    t.is(await sessions.authenticate(started[0]!.sessionId), undefined, 'the oldest is gone');
    for (const s of started.slice(1)) t.truthy(await sessions.authenticate(s.sessionId));
    const refresh = await t.throwsAsync(
      sessions.refresh(started[0]!.refreshToken, { ip: '203.0.113.1', userAgent: firefox }),
    );
    t.is((refresh as { status?: number }).status, 401, "the evicted session's refresh token is revoked");
    const listed = await sessions.listSessions({ ...user, sessionId: started[5]!.sessionId });
    t.is(listed.length, 5);
    const evicted = (await f.auditRows('session.revoked')).filter((r) => r.resource_id === user.id);
    t.is(evicted.length, 1);
    t.true(evicted[0]!.canonical.includes('"reason":"evicted"'));
  },
);

test.serial('SEC-SESS-05 concurrent logins cannot slip past the cap', async (t) => {
  const { sessions } = f.security();
  const user = newUser();
  const all = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      sessions.startSession(user, { ip: `198.51.100.${i + 1}`, userAgent: chrome }, 'bearer'),
    ),
  );
  const live = await Promise.all(all.map((s) => sessions.authenticate(s.sessionId)));
  t.is(live.filter(Boolean).length, 5);
});

test.serial(
  'SEC-SESS-05 users list their sessions with device, IP, created and last seen, and revoke one or all others',
  async (t) => {
    const served = await f.serve();
    t.teardown(served.close);
    const { sessions } = f.security();
    const user = newUser();
    const laptop = await sessions.startSession(user, { ip: '203.0.113.50', userAgent: firefox }, 'bearer');
    f.clock.advance(2_000);
    const desktop = await sessions.startSession(user, { ip: '203.0.113.51', userAgent: chrome }, 'bearer');
    const phone = await sessions.startSession(user, { ip: '203.0.113.52', userAgent: chrome }, 'bearer');

    const list = await served.send({ path: '/api/v1/users/me/sessions', headers: auth(laptop.accessToken) });
    t.is(list.status, 200);
    const rows = list.json.sessions as Record<string, unknown>[];
    t.is(rows.length, 3);
    const mine = rows.find((r) => r.id === laptop.sessionId)!;
    t.like(mine, { device: 'Firefox on Linux', ip: '203.0.113.50', current: true });
    t.truthy(Date.parse(mine.createdAt as string));
    t.truthy(Date.parse(mine.lastSeenAt as string));
    t.like(
      rows.find((r) => r.id === desktop.sessionId),
      { device: 'Chrome on Windows', current: false },
    );

    const one = await served.send({
      method: 'DELETE',
      path: `/api/v1/users/me/sessions/${desktop.sessionId}`,
      headers: auth(laptop.accessToken),
    });
    t.is(one.status, 200);
    t.is(
      (await served.send({ path: '/api/v1/users/me/sessions', headers: auth(desktop.accessToken) })).status,
      401,
    );

    const others = await served.send({
      method: 'DELETE',
      path: '/api/v1/users/me/sessions',
      headers: auth(laptop.accessToken),
    });
    t.deepEqual(others.json, { ended: 1 });
    t.is(
      (await served.send({ path: '/api/v1/users/me/sessions', headers: auth(phone.accessToken) })).status,
      401,
    );
    const after = await served.send({ path: '/api/v1/users/me/sessions', headers: auth(laptop.accessToken) });
    t.deepEqual(
      (after.json.sessions as { id: string }[]).map((s) => s.id),
      [laptop.sessionId],
      'the current session survives',
    );
  },
);

test.serial("SEC-SESS-05 another user's session id answers 404 and stays live", async (t) => {
  const served = await f.serve();
  t.teardown(served.close);
  const { sessions } = f.security();
  const alice = await sessions.startSession(newUser(), { ip: '203.0.113.60', userAgent: firefox }, 'bearer');
  const bob = await sessions.startSession(newUser(), { ip: '203.0.113.61', userAgent: firefox }, 'bearer');
  const attempt = await served.send({
    method: 'DELETE',
    path: `/api/v1/users/me/sessions/${bob.sessionId}`,
    headers: auth(alice.accessToken),
  });
  t.is(attempt.status, 404);
  t.is(attempt.json.error_code, 'NOT_FOUND');
  t.truthy(await sessions.authenticate(bob.sessionId));
});
