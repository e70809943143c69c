import { randomBytes } from 'node:crypto';
import test from 'ava';
import { createApp } from '../../api/app';
import { csrfGuard } from '../../api/middleware/csrf';
import { COOKIES } from '../../api/security/session-cookies';
import { checkRequestOrigin, csrfTokens } from '../../lib/csrf';
import { createLogger } from '../../lib/logger';
import { LogCapture } from '../helpers/log-capture';
import { browserLogin, testLoginRoutes } from '../sessions/helpers/browser-login';
import { cookieHeader, newUser, sessionFixture, setCookies } from '../sessions/helpers/session-fixture';
import { otherSpelling, tampered } from '../helpers/base64url-spellings';

const f = sessionFixture('web01');
const serve = () => f.serve({ extraRoutes: testLoginRoutes(() => f.security()) });

test('SEC-WEB-01 tokens are HMAC-bound to one session: another session, a pre-session or a tampered token fails', (t) => {
  const tokens = csrfTokens(randomBytes(32));
  const token = tokens.issue('s:session-a');
  t.true(tokens.verify(token, 's:session-a'));
  t.false(tokens.verify(token, 's:session-b'));
  t.false(tokens.verify(token, 'p:session-a'), 'pre-session and session bindings never mix');
  const [random, mac] = token.split('.');
  t.false(tokens.verify(`${random}.${tampered(mac!)}`, 's:session-a'));
  const respelled = otherSpelling(mac!);
  t.deepEqual(Buffer.from(respelled, 'base64url'), Buffer.from(mac!, 'base64url'), 'the same MAC bytes');
  t.false(tokens.verify(`${random}.${respelled}`, 's:session-a'), 'only the canonical spelling');
  t.false(tokens.verify(`${random}.${mac}.x`, 's:session-a'));
  t.false(csrfTokens(randomBytes(32)).verify(token, 's:session-a'), 'another key');
});

test('SEC-WEB-01 origin order: Sec-Fetch-Site, then Origin, then Referer, against the allowlist', (t) => {
  const allowed = ['https://travelhub.example'];
  t.is(
    checkRequestOrigin({ secFetchSite: 'same-origin', origin: 'https://evil.example' }, allowed),
    undefined,
  );
  t.is(
    checkRequestOrigin({ secFetchSite: 'cross-site', origin: 'https://travelhub.example' }, allowed),
    'cross_site',
  );
  t.is(
    checkRequestOrigin({ secFetchSite: 'same-site', origin: 'https://app.travelhub.example' }, allowed),
    'origin',
  );
  t.is(checkRequestOrigin({ origin: 'https://travelhub.example' }, allowed), undefined);
  t.is(checkRequestOrigin({ origin: 'null' }, allowed), 'origin');
  t.is(checkRequestOrigin({ referer: 'https://travelhub.example/page?x=1' }, allowed), undefined);
  t.is(checkRequestOrigin({ referer: 'https://evil.example/travelhub.example' }, allowed), 'referer');
  t.is(checkRequestOrigin({}, allowed), 'no_origin');
});

test.serial(
  'SEC-WEB-01 cookie-authenticated state changes need the session token and a same-site origin, else 403 and audited',
  async (t) => {
    const served = await serve();
    t.teardown(served.close);
    const user = newUser();
    const browser = await browserLogin(served, user.id);
    t.is(browser.login.status, 200);
    const publicOrigin = new URL(f.config.api.publicUrl).origin;
    const other = await browserLogin(served, newUser().id);
    const logout = (headers: Record<string, string>) =>
      served.send({
        method: 'POST',
        path: '/api/v1/auth/logout',
        headers: { Cookie: browser.cookie(), ...headers },
      });
    const refusals: [string, Record<string, string>][] = [
      ['no token', { 'Sec-Fetch-Site': 'same-origin' }],
      ['cross-site', { 'Sec-Fetch-Site': 'cross-site', 'X-CSRF-Token': browser.csrfToken }],
      ['foreign Origin', { Origin: 'https://evil.example', 'X-CSRF-Token': browser.csrfToken }],
      ['foreign Referer', { Referer: 'https://evil.example/x', 'X-CSRF-Token': browser.csrfToken }],
      ['no origin at all', { 'X-CSRF-Token': browser.csrfToken }],
      ["another session's token", { 'Sec-Fetch-Site': 'same-origin', 'X-CSRF-Token': other.csrfToken }],
      [
        'header differs from the cookie',
        { 'Sec-Fetch-Site': 'same-origin', 'X-CSRF-Token': `${browser.csrfToken}x` },
      ],
    ];
    for (const [why, headers] of refusals) {
      const answer = await logout(headers);
      t.is(answer.status, 403, why);
      t.is(answer.json.error_code, 'CSRF_REFUSED', why);
    }
    const stillIn = await served.send({
      path: '/api/v1/users/me/sessions',
      headers: { Cookie: browser.cookie() },
    });
    t.is(stillIn.status, 200, 'GET needs no token, and no refused request changed anything');
    const audited = (await f.auditRows('csrf.refused')).filter((r) => r.actor_id === user.id);
    t.is(audited.length, refusals.length);

    const swapped = { ...browser.jar, [COOKIES.csrf]: other.jar[COOKIES.csrf]! };
    const planted = await served.send({
      method: 'POST',
      path: '/api/v1/auth/logout',
      headers: { Cookie: cookieHeader(swapped), Origin: publicOrigin, 'X-CSRF-Token': other.csrfToken },
    });
    t.is(
      planted.status,
      403,
      'a matching cookie/header pair from another session (cookie tossing) fails the binding',
    );

    const ok = await logout({ Origin: publicOrigin, 'X-CSRF-Token': browser.csrfToken });
    t.is(ok.status, 200, 'an allowed Origin and the right token pass');
  },
);

test.serial('SEC-WEB-01 login has a pre-session token; Bearer clients have no CSRF surface', async (t) => {
  const served = await serve();
  t.teardown(served.close);
  const body = JSON.stringify({ userId: newUser().id, role: 'USER' });
  const json = { 'Content-Type': 'application/json' };
  const noToken = await served.send({
    method: 'POST',
    path: '/test/login',
    headers: { ...json, 'Sec-Fetch-Site': 'same-origin' },
    body,
  });
  t.is(noToken.status, 403);
  t.is(noToken.headers['set-cookie'], undefined, 'no auth cookie without the pre-session token');

  const first = setCookies(await served.send({ path: '/api/v1/auth/csrf' }));
  const second = await served.send({ path: '/api/v1/auth/csrf' });
  const crossed = await served.send({
    method: 'POST',
    path: '/test/login',
    headers: {
      ...json,
      'Sec-Fetch-Site': 'same-origin',
      'X-CSRF-Token': second.json.csrfToken as string,
      Cookie: cookieHeader({
        [COOKIES.preSession]: first.get(COOKIES.preSession)!.value,
        [COOKIES.csrf]: second.json.csrfToken as string,
      }),
    },
    body,
  });
  t.is(crossed.status, 403, "a token minted for another browser's pre-session fails");

  const unmarked = await served.send({
    method: 'POST',
    path: '/test/unmarked-login',
    headers: { ...json, 'Sec-Fetch-Site': 'same-origin' },
    body,
  });
  t.is(unmarked.status, 403, 'a login route without the marker can never set browser cookies');
  t.is(unmarked.headers['set-cookie'], undefined);

  const bearer = await served.send({
    method: 'POST',
    path: '/test/login',
    headers: { ...json, 'X-Session-Mode': 'bearer' },
    body,
  });
  t.is(bearer.status, 200);
  const out = await served.send({
    method: 'POST',
    path: '/api/v1/auth/logout',
    headers: { Authorization: `Bearer ${bearer.json.accessToken as string}` },
  });
  t.is(out.status, 200, 'a Bearer request carries no ambient credential and needs no CSRF token');
});

test('SEC-WEB-01 every state-changing route of the API is CSRF-guarded; GET routes are not checked', (t) => {
  const app = createApp({
    config: f.config,
    logger: createLogger({ serviceName: 'web01', log: { level: 'fatal' } }, new LogCapture()),
    readiness: {},
  });
  const guard = csrfGuard({ tokens: csrfTokens(randomBytes(32)), allowedOrigins: [] });
  const changing = app.routes.filter((r) => r.method !== 'GET');
  t.true(changing.length >= 4, 'refresh, logout and the session deletions at least');
  for (const route of app.routes) {
    if (route.method === 'GET') t.is(guard(route), undefined, `${route.path}: GET is never checked`);
    else t.is(typeof guard(route), 'function', `${route.method} ${route.path} is checked`);
  }
});
