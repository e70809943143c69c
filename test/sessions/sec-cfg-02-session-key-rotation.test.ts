import test from 'ava';
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { COOKIES } from '../../api/security/session-cookies';
import { loadJwtKeySet } from '../../lib/auth/jwt-keys';
import { loadSessionSecrets } from '../../services/sessions/session-secret';
import type { HttpAnswer } from '../helpers/http-request';
import { secretsDir } from '../helpers/secrets-dir';
import { browserLogin, testLoginRoutes } from './helpers/browser-login';
import {
  cookieHeader,
  newEs256Pem,
  newUser,
  sessionFixture,
  setCookies,
  type Served,
} from './helpers/session-fixture';

/**
 * SEC-CFG-02 for the session secrets: each phase is the API as a restarted process builds it from
 * its secret files (loadJwtKeySet, loadSessionSecrets), over the same Postgres and Redis.
 */
const f = sessionFixture('cfg02');
const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const safariPhone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1';
const chromeWindows =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

test('SEC-CFG-02 JWT signing key: a request signed with the previous key is accepted during the overlap and refused after it', async (t) => {
  const secrets = secretsDir('cfg02-jwt');
  t.teardown(secrets.close);
  const old = newEs256Pem();
  secrets.write('jwt_signing_key', old.privatePem);
  const before = loadJwtKeySet(secrets.env);
  const user = newUser();
  const client = { ip: '203.0.113.5', userAgent: 'curl/8' };
  const signedWithOld = (await f.security({ keys: before }).sessions.startSession(user, client, 'bearer'))
    .accessToken;

  // Rotation: a new signing key, the old public key kept beside it.
  const next = newEs256Pem();
  secrets.write('jwt_signing_key', next.privatePem);
  secrets.write('jwt_signing_key.pub', old.publicPem);
  const overlap = loadJwtKeySet(secrets.env);
  const signedWithNew = (await f.security({ keys: overlap }).sessions.startSession(user, client, 'bearer'))
    .accessToken;
  t.not(
    jwt.decode(signedWithNew, { complete: true })!.header.kid,
    before.signing.kid,
    'new tokens name the new key',
  );
  t.is(jwt.decode(signedWithOld, { complete: true })!.header.kid, before.signing.kid);

  const me = (served: Served, token: string) =>
    served.send({ path: '/api/v1/users/me/sessions', headers: { Authorization: `Bearer ${token}` } });
  const during = await f.serve({ keys: overlap });
  t.teardown(during.close);
  t.is((await me(during, signedWithOld)).status, 200, 'previous key, during the overlap');
  t.is((await me(during, signedWithNew)).status, 200);

  // The overlap ends: the old public key removed, the API restarted.
  secrets.remove('jwt_signing_key.pub');
  const after = await f.serve({ keys: loadJwtKeySet(secrets.env) });
  t.teardown(after.close);
  const refused = await me(after, signedWithOld);
  t.is(refused.status, 401, 'previous key, after the overlap');
  t.is(refused.json.error_code, 'AUTHENTICATION_REQUIRED');
  t.is((await me(after, signedWithNew)).status, 200);
});

/** A browser's pre-session: the CSRF cookie and token it gets before logging in. */
async function preSession(served: Served) {
  const answer = await served.send({
    path: '/api/v1/auth/csrf',
    headers: { 'Sec-Fetch-Site': 'same-origin' },
  });
  const jar: Record<string, string> = {};
  for (const [name, { value }] of setCookies(answer)) jar[name] = value;
  return { jar, token: answer.json.csrfToken as string };
}

function login(served: Served, pre: { jar: Record<string, string>; token: string }): Promise<HttpAnswer> {
  return served.send({
    method: 'POST',
    path: '/test/login',
    headers: {
      'Content-Type': 'application/json',
      'Sec-Fetch-Site': 'same-origin',
      'X-CSRF-Token': pre.token,
      Cookie: cookieHeader(pre.jar),
    },
    body: JSON.stringify({ userId: newUser().id, role: 'USER' }),
  });
}

test('SEC-CFG-02 session secret: a CSRF token made under the previous secret is accepted during the overlap and refused after it', async (t) => {
  const secrets = secretsDir('cfg02-csrf');
  t.teardown(secrets.close);
  const origin = new URL(f.config.api.publicUrl).origin;
  const serve = () => {
    const secret = loadSessionSecrets(secrets.env);
    return f.serve({ secret, extraRoutes: testLoginRoutes(() => f.security({ secret })) });
  };
  const logout = (served: Served, browser: { cookie(): string; csrfToken: string }) =>
    served.send({
      method: 'POST',
      path: '/api/v1/auth/logout',
      headers: { Cookie: browser.cookie(), Origin: origin, 'X-CSRF-Token': browser.csrfToken },
    });

  const old = randomBytes(32).toString('hex');
  secrets.write('session_secret', old);
  const before = await serve();
  t.teardown(before.close);
  const [first, second, third] = [
    await browserLogin(before, newUser().id),
    await browserLogin(before, newUser().id),
    await browserLogin(before, newUser().id),
  ];
  t.true([first, second, third].every((b) => b.login.status === 200));
  const [preA, preB] = [await preSession(before), await preSession(before)];

  // Rotation: a new session secret, the old one as session_secret_previous.
  secrets.write('session_secret', randomBytes(32).toString('hex'));
  secrets.write('session_secret_previous', old);
  const during = await serve();
  t.teardown(during.close);
  t.is((await logout(during, first)).status, 200, "a session's token, during the overlap");
  t.is((await login(during, preA)).status, 200, 'a pre-session token, during the overlap');
  // A page load during the overlap swaps the old token for one under the new secret.
  const renewed = await during.send({ path: '/api/v1/auth/csrf', headers: { Cookie: third.cookie() } });
  t.not(renewed.json.csrfToken, third.csrfToken, 'GET /auth/csrf replaces a token of the previous secret');
  third.jar[COOKIES.csrf] = setCookies(renewed).get(COOKIES.csrf)!.value;
  third.csrfToken = renewed.json.csrfToken as string;

  // The overlap ends: the previous secret removed, the API restarted.
  secrets.remove('session_secret_previous');
  const after = await serve();
  t.teardown(after.close);
  const refused = await logout(after, second);
  t.is(refused.status, 403, "a session's token, after the overlap");
  t.is(refused.json.error_code, 'CSRF_REFUSED');
  t.is((await login(after, preB)).status, 403, 'a pre-session token, after the overlap');
  t.is((await logout(after, third)).status, 200, 'a token renewed during the overlap works after it');
  const fresh = await browserLogin(after, newUser().id);
  t.is(fresh.login.status, 200);
  t.is((await logout(after, fresh)).status, 200, 'tokens made under the new secret work');
});

test('SEC-CFG-02 session secret: devices remembered under the previous secret stay known during the overlap, and those seen then after it', async (t) => {
  const secrets = secretsDir('cfg02-device');
  t.teardown(secrets.close);
  const user = newUser();
  const notified = () => f.notified.filter((n) => n.userId === user.id).map((n) => n.device);
  const signIn = (userAgent: string) =>
    f
      .security({ secret: loadSessionSecrets(secrets.env) })
      .sessions.startSession(user, { ip: '203.0.113.10', userAgent }, 'browser');

  const old = randomBytes(32).toString('hex');
  secrets.write('session_secret', old);
  await signIn(firefox);
  await signIn(safariPhone);
  await signIn(chromeWindows);
  t.deepEqual(notified(), ['Safari on iOS', 'Chrome on Windows'], 'before: two new devices after the first');

  secrets.write('session_secret', randomBytes(32).toString('hex'));
  secrets.write('session_secret_previous', old);
  await signIn(firefox);
  await signIn(safariPhone);
  t.is(notified().length, 2, 'during the overlap: devices remembered under the previous secret are known');

  secrets.remove('session_secret_previous');
  await signIn(firefox);
  await signIn(safariPhone);
  t.is(notified().length, 2, 'after: devices seen during the overlap are still known');
  await signIn(chromeWindows);
  t.deepEqual(
    notified().slice(2),
    ['Chrome on Windows'],
    'after: one not seen during the overlap counts as new',
  );
});
