import test from 'ava';
import { COOKIES } from '../../api/security/session-cookies';
import { browserLogin, testLoginRoutes } from './helpers/browser-login';
import { newUser, sessionFixture, setCookies } from './helpers/session-fixture';

const f = sessionFixture('sess01');
const serve = () => f.serve({ extraRoutes: testLoginRoutes(() => f.security()) });
const AUTH_COOKIES = [COOKIES.access, COOKIES.refresh, COOKIES.csrf];

test('SEC-SESS-01 browser login: __Host- cookies, HttpOnly, Secure, SameSite=Strict, Path=/, no Domain; no token in the body', async (t) => {
  const served = await serve();
  t.teardown(served.close);
  const user = newUser();
  const browser = await browserLogin(served, user.id);
  t.is(browser.login.status, 200, browser.login.text);
  const cookies = setCookies(browser.login);
  for (const name of AUTH_COOKIES) {
    const cookie = cookies.get(name);
    t.truthy(cookie, `${name} is set`);
    const attributes = cookie!.line.split(';').map((a) => a.trim().toLowerCase());
    t.true(name.startsWith('__Host-'));
    for (const required of ['path=/', 'secure', 'httponly', 'samesite=strict']) {
      t.true(attributes.includes(required), `${name} has ${required}`);
    }
    t.false(
      attributes.some((a) => a.startsWith('domain=')),
      `${name} has no Domain`,
    );
  }
  t.deepEqual(Object.keys(browser.login.json as object).sort(), [
    'accessExpiresAt',
    'mode',
    'refreshExpiresAt',
  ]);
  for (const name of [COOKIES.access, COOKIES.refresh]) {
    t.false(browser.login.text.includes(browser.jar[name]!), `the ${name} value is not in the body`);
  }
  const me = await served.send({ path: '/api/v1/users/me/sessions', headers: { Cookie: browser.cookie() } });
  t.is(me.status, 200, 'the cookie authenticates');
});

test('SEC-SESS-01 non-browser clients get Bearer tokens in the body and no cookies', async (t) => {
  const served = await serve();
  t.teardown(served.close);
  const login = await served.send({
    method: 'POST',
    path: '/test/login',
    headers: { 'Content-Type': 'application/json', 'X-Session-Mode': 'bearer' },
    body: JSON.stringify({ userId: newUser().id, role: 'USER' }),
  });
  t.is(login.status, 200);
  t.like(login.json, { mode: 'bearer', tokenType: 'Bearer' });
  t.regex(login.json.accessToken as string, /^eyJ/);
  t.regex(login.json.refreshToken as string, /^[A-Za-z0-9_-]{43}$/);
  t.is(login.headers['set-cookie'], undefined);
  const me = await served.send({
    path: '/api/v1/users/me/sessions',
    headers: { Authorization: `Bearer ${login.json.accessToken as string}` },
  });
  t.is(me.status, 200);
});

test('SEC-SESS-01 browser refresh rotates the cookies without putting tokens in the body; logout expires them', async (t) => {
  const served = await serve();
  t.teardown(served.close);
  const browser = await browserLogin(served, newUser().id);
  const refreshed = await served.send({
    method: 'POST',
    path: '/api/v1/auth/refresh',
    headers: {
      'Content-Type': 'application/json',
      'Sec-Fetch-Site': 'same-origin',
      'X-CSRF-Token': browser.csrfToken,
      Cookie: browser.cookie(),
    },
    body: '{}',
  });
  t.is(refreshed.status, 200, refreshed.text);
  const cookies = setCookies(refreshed);
  t.not(cookies.get(COOKIES.refresh)?.value, browser.jar[COOKIES.refresh], 'a new refresh token');
  t.false('refreshToken' in (refreshed.json as object) || 'accessToken' in (refreshed.json as object));
  for (const [name, { value }] of cookies) browser.jar[name] = value;

  const out = await served.send({
    method: 'POST',
    path: '/api/v1/auth/logout',
    headers: {
      'Sec-Fetch-Site': 'same-origin',
      'X-CSRF-Token': String(refreshed.headers['x-csrf-token']),
      Cookie: browser.cookie(),
    },
  });
  t.is(out.status, 200, out.text);
  const cleared = setCookies(out);
  for (const name of AUTH_COOKIES) t.true(cleared.get(name)?.line.includes('Max-Age=0'), `${name} expired`);
});
