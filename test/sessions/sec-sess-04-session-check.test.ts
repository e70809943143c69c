import test from 'ava';
import { startPrivateRedis } from '../helpers/private-redis';
import { readyRedis } from '../helpers/redis-keys';
import { newUser, sessionFixture } from './helpers/session-fixture';

const f = sessionFixture('sess04');
const client = { ip: '203.0.113.20', userAgent: 'Mozilla/5.0 (Macintosh; Mac OS X 14_0) Safari/605.1' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

test.serial(
  'SEC-SESS-04 logout takes effect at once: the unexpired access token is refused on the next request',
  async (t) => {
    const served = await f.serve();
    t.teardown(served.close);
    const issued = await f.security().sessions.startSession(newUser(), client, 'bearer');
    const me = () => served.send({ path: '/api/v1/users/me/sessions', headers: auth(issued.accessToken) });
    t.is((await me()).status, 200);
    const out = await served.send({
      method: 'POST',
      path: '/api/v1/auth/logout',
      headers: auth(issued.accessToken),
    });
    t.is(out.status, 200);
    t.is((await me()).status, 401, 'the JWT is still within its 15 minutes, the session is not');
    const refresh = await served.send({
      method: 'POST',
      path: '/api/v1/auth/refresh',
      headers: { 'Content-Type': 'application/json', 'X-Session-Mode': 'bearer' },
      body: JSON.stringify({ refreshToken: issued.refreshToken }),
    });
    t.is(refresh.status, 401, 'and its refresh token is revoked');
    t.true((await f.auditRows('auth.logout')).some((r) => r.resource_id === issued.sessionId));
  },
);

test.serial(
  'SEC-SESS-04 30 minutes without a request end the session; activity keeps it alive',
  async (t) => {
    const { sessions } = f.security();
    const { sessionId } = await sessions.startSession(newUser(), client, 'bearer');
    for (let i = 0; i < 6; i++) {
      f.clock.advance(29 * MINUTE);
      t.truthy(
        await sessions.authenticate(sessionId),
        `still live after ${(i + 1) * 29} minutes of activity`,
      );
    }
    f.clock.advance(30 * MINUTE);
    t.is(await sessions.authenticate(sessionId), undefined, '30 minutes idle ends it');
    f.clock.advance(-29 * MINUTE);
    t.is(await sessions.authenticate(sessionId), undefined, 'and it stays ended');
  },
);

async function lifetimeOf(role: Parameters<typeof newUser>[0]): Promise<number> {
  const { sessions } = f.security();
  const started = f.clock.now;
  const { sessionId } = await sessions.startSession(newUser(role), client, 'bearer');
  while (await sessions.authenticate(sessionId)) f.clock.advance(25 * MINUTE);
  return f.clock.now - started;
}

test.serial(
  'SEC-SESS-04 absolute lifetime: 12 hours for administrators, 7 days for customers, however active',
  async (t) => {
    const admin = await lifetimeOf('PLATFORM_ADMIN');
    t.true(admin > 12 * HOUR - 25 * MINUTE && admin <= 12 * HOUR + 25 * MINUTE, `admin ${admin / HOUR} h`);
    const businessAdmin = await lifetimeOf('BUSINESS_ADMIN');
    t.true(businessAdmin <= 12 * HOUR + 25 * MINUTE, 'business admins are administrators too');
    const customer = await lifetimeOf('USER');
    t.true(customer > 7 * 24 * HOUR - 25 * MINUTE && customer <= 7 * 24 * HOUR + 25 * MINUTE);
  },
);

test.serial(
  "SEC-SESS-04 admins end any user's sessions (manage_sessions, audited); others may not",
  async (t) => {
    const served = await f.serve();
    t.teardown(served.close);
    const { sessions } = f.security();
    const victim = newUser();
    const a = await sessions.startSession(victim, client, 'bearer');
    await sessions.startSession(victim, { ...client, ip: '198.51.100.3' }, 'bearer');
    const admin = await sessions.startSession(newUser('PLATFORM_ADMIN'), client, 'bearer');
    const customer = await sessions.startSession(newUser(), client, 'bearer');
    const end = (token: string) =>
      served.send({
        method: 'DELETE',
        path: `/api/v1/admin/users/${victim.id}/sessions`,
        headers: auth(token),
      });

    const denied = await end(customer.accessToken);
    t.is(denied.status, 403);
    t.is(
      (await served.send({ path: '/api/v1/users/me/sessions', headers: auth(a.accessToken) })).status,
      200,
    );

    const ended = await end(admin.accessToken);
    t.is(ended.status, 200);
    t.deepEqual(ended.json, { ended: 2 });
    t.is(
      (await served.send({ path: '/api/v1/users/me/sessions', headers: auth(a.accessToken) })).status,
      401,
    );
    const audited = (await f.auditRows('session.revoked')).filter((r) => r.resource_id === victim.id);
    t.is(audited.length, 1);
    t.is(audited[0]!.actor_type, 'admin');
    t.true(audited[0]!.canonical.includes('"reason":"admin"'));
  },
);

test.serial(
  'SEC-SESS-04 Redis down: authenticated requests answer 503 (fail closed), never 500; public ones still work',
  async (t) => {
    const server = await startPrivateRedis();
    t.teardown(server.kill);
    const redis = await readyRedis(server.url);
    t.teardown(() => redis.disconnect());
    const served = await f.serve({ redis });
    t.teardown(served.close);
    const issued = await f.security({ redis }).sessions.startSession(newUser(), client, 'bearer');
    const me = () => served.send({ path: '/api/v1/users/me/sessions', headers: auth(issued.accessToken) });
    t.is((await me()).status, 200);

    await server.kill();
    const down = await me();
    t.is(down.status, 503);
    t.is(down.json.error_code, 'SERVICE_UNAVAILABLE');
    const logout = await served.send({
      method: 'POST',
      path: '/api/v1/auth/logout',
      headers: auth(issued.accessToken),
    });
    t.is(logout.status, 503);
    t.is(
      (await served.send({ path: '/healthz' })).status,
      200,
      'public routes do not need the session store',
    );
  },
);
