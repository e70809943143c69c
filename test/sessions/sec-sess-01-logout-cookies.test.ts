import test from 'ava';
import { COOKIES } from '../../api/security/session-cookies';
import { browserLogin, testLoginRoutes } from './helpers/browser-login';
import { newUser, sessionFixture, setCookies } from './helpers/session-fixture';

/**
 * A browser replaces a cookie only when the clearing Set-Cookie names the same cookie with the
 * same prefix rules: a `__Host-` cookie without Secure or Path=/ is rejected outright, so the
 * old token would stay. Hence every attribute of the logout answer's cookies is pinned here.
 */
const f = sessionFixture('sess01-logout');
const serve = () => f.serve({ extraRoutes: testLoginRoutes(() => f.security()) });

function attributesOf(line: string): Map<string, string> {
  const [, ...parts] = line.split(';');
  return new Map(
    parts.map((p) => {
      const [name = '', ...value] = p.trim().split('=');
      return [name.toLowerCase(), value.join('=')];
    }),
  );
}

test('SEC-SESS-01 logout clears every __Host- auth cookie: empty, HttpOnly, Secure, SameSite=Strict, Path=/, no Domain, expired', async (t) => {
  const served = await serve();
  t.teardown(served.close);
  const browser = await browserLogin(served, newUser().id);
  t.is(browser.login.status, 200, browser.login.text);
  const out = await served.send({
    method: 'POST',
    path: '/api/v1/auth/logout',
    headers: { 'Sec-Fetch-Site': 'same-origin', 'X-CSRF-Token': browser.csrfToken, Cookie: browser.cookie() },
  });
  t.is(out.status, 200, out.text);
  const cleared = setCookies(out);
  for (const name of [COOKIES.access, COOKIES.refresh, COOKIES.csrf]) {
    const cookie = cleared.get(name);
    if (!cookie) {
      t.fail(`${name} is not cleared`);
      continue;
    }
    t.true(name.startsWith('__Host-'), name);
    t.is(cookie.value, '', `${name} has no value`);
    const attributes = attributesOf(cookie.line);
    t.true(attributes.has('httponly'), `${name} HttpOnly`);
    t.true(attributes.has('secure'), `${name} Secure`);
    t.is(attributes.get('samesite')?.toLowerCase(), 'strict', `${name} SameSite=Strict`);
    t.is(attributes.get('path'), '/', `${name} Path=/`);
    t.false(attributes.has('domain'), `${name} has no Domain`);
    const maxAge = attributes.get('max-age');
    const expires = attributes.get('expires');
    t.true(
      maxAge === '0' ||
        (maxAge === undefined && expires !== undefined && Date.parse(expires) <= Date.parse('1970-01-02')),
      `${name} expires now: ${cookie.line}`,
    );
  }
  const after = await served.send({
    path: '/api/v1/users/me/sessions',
    headers: { Cookie: browser.cookie() },
  });
  t.is(after.status, 401, 'the old cookies no longer authenticate');
});
