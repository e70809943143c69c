import test from 'ava';
import { createUser, strongPassword } from './helpers/accounts-data';
import { identityApp } from './helpers/identity-app';

/**
 * SEC-SESS-07 end to end: the password route, the account service and the real session store.
 * The mechanism has its own test (test/sessions/sec-sess-07-…); this one proves that a password
 * change actually uses it.
 */
const app = identityApp('sess07-password');

test.serial(
  'SEC-SESS-07 a password change ends the user’s other sessions (their next request is 401); the current one continues',
  async (t) => {
    const user = await createUser(app.deps);
    const stranger = await createUser(app.deps);
    const current = await app.bearerLogin(user.email, user.password);
    const others = [
      await app.bearerLogin(user.email, user.password),
      await app.bearerLogin(user.email, user.password),
    ];
    const strangers = await app.bearerLogin(stranger.email, stranger.password);
    const me = (token: string) =>
      app.send({ path: '/api/v1/users/me', headers: { Authorization: `Bearer ${token}` } });
    for (const token of [current, ...others]) t.is((await me(token)).status, 200, 'signed in before');

    const newPassword = strongPassword();
    const changed = await app.post(
      '/api/v1/users/me/password',
      { currentPassword: user.password, newPassword },
      { Authorization: `Bearer ${current}` },
    );
    t.is(changed.status, 200, changed.text);

    for (const token of others) {
      const after = await me(token);
      t.is(after.status, 401, 'another session of the user ended');
      t.is(after.json.error_code, 'AUTHENTICATION_REQUIRED');
    }
    t.is((await me(current)).status, 200, 'the session that changed the password continues');
    t.is((await me(strangers)).status, 200, "another user's session is untouched");
    await t.notThrowsAsync(app.bearerLogin(user.email, newPassword), 'the new password signs in');
  },
);
