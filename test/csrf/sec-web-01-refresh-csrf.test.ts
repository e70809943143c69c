import test from 'ava';
import { COOKIES } from '../../api/security/session-cookies';
import { browserLogin, testLoginRoutes } from '../sessions/helpers/browser-login';
import { newUser, sessionFixture, setCookies } from '../sessions/helpers/session-fixture';

/**
 * The refresh route is public (the access token may have expired), so the per-route CSRF guard,
 * which runs on authenticated cookie requests, does not cover it: the route checks the token
 * itself, bound to the session its refresh cookie belongs to.
 */
const f = sessionFixture('web01-refresh');
const serve = () => f.serve({ extraRoutes: testLoginRoutes(() => f.security()) });

test.serial(
  'SEC-WEB-01 cookie refresh needs the session’s CSRF token: none, a wrong one or another session’s is 403 and rotates nothing',
  async (t) => {
    const served = await serve();
    t.teardown(served.close);
    const browser = await browserLogin(served, newUser().id);
    t.is(browser.login.status, 200, browser.login.text);
    const other = await browserLogin(served, newUser().id);
    const refresh = (headers: Record<string, string>) =>
      served.send({
        method: 'POST',
        path: '/api/v1/auth/refresh',
        headers: {
          'Content-Type': 'application/json',
          'Sec-Fetch-Site': 'same-origin',
          Cookie: browser.cookie(),
          ...headers,
        },
        body: '{}',
      });
    const refusals: [string, Record<string, string>][] = [
      ['no token', {}],
      ['a wrong token', { 'X-CSRF-Token': `${browser.csrfToken}x` }],
      ["another session's token", { 'X-CSRF-Token': other.csrfToken }],
    ];
    for (const [why, headers] of refusals) {
      const answer = await refresh(headers);
      t.is(answer.status, 403, why);
      t.is(answer.json.error_code, 'CSRF_REFUSED', why);
      t.is(answer.headers['set-cookie'], undefined, `${why}: no cookie issued`);
    }
    const ok = await refresh({ 'X-CSRF-Token': browser.csrfToken });
    t.is(ok.status, 200, `the right token passes, and the refused tries spent nothing: ${ok.text}`);
    t.not(setCookies(ok).get(COOKIES.refresh)?.value, browser.jar[COOKIES.refresh], 'a new refresh token');
  },
);
