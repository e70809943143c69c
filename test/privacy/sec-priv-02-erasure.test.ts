import { randomUUID } from 'node:crypto';
import test from 'ava';
import { QueryTypes } from 'sequelize';
import { bookingModels } from '../../db/models/booking-models';
import { loadAuditVerifyKeys, verifyAuditChain } from '../../lib/audit';
import { KeyShreddedError } from '../../lib/crypto/errors';
import { keyringOf } from '../../db/encrypted';
import { erasureStageQuery, erasureWorkflowId } from '../../services/privacy/erasure-contract';
import { eraseOverdueAccounts } from '../../services/privacy/erasure-purge';
import { requestErasure } from '../../services/privacy/erasure-request';
import { reviewerNames } from '../../services/reviews/reviewer-names';
import { createCompany, createUser, enrolMfa, type TestUser } from '../accounts/helpers/accounts-data';
import { erasureWorld, plantTrip } from './helpers/erasure-world';

/**
 * SEC-PRIV-02 / SEC-DATA-04 on the real stack: the routes with password and MFA step-up, the
 * erasure workflow on a real maintenance worker (private queues), the private database.
 */
const world = erasureWorld('priv02-erasure');
const { app } = world;
const ORIGIN = { ip: '127.0.0.1' };

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const count = async (sql: string, bind: unknown[]) => {
  const [row] = await app.sequelize.query<{ n: string }>(sql, { bind, type: QueryTypes.SELECT });
  return Number(row!.n);
};

/** A verified user with MFA, signed in with a recovery code; the rest of the codes for step-ups. */
async function signedInWithMfa(options: Parameters<typeof createUser>[1] = {}) {
  const user = await createUser(app.deps, options);
  const { recoveryCodes } = await enrolMfa(app.deps, user);
  const token = await app.bearerLogin(user.email, user.password, { recoveryCode: recoveryCodes[0] });
  return { user, token, codes: recoveryCodes.slice(1) };
}

const deleteMe = (token: string, body: unknown) =>
  app.send({
    method: 'DELETE',
    path: '/api/v1/users/me',
    headers: { 'Content-Type': 'application/json', 'X-Session-Mode': 'bearer', ...bearer(token) },
    body: JSON.stringify(body),
  });
const cancelDeletion = (token: string) =>
  app.send({
    method: 'POST',
    path: '/api/v1/users/me/deletion/cancel',
    headers: { 'X-Session-Mode': 'bearer', ...bearer(token) },
  });
const markOf = async (userId: string) => {
  const [row] = await app.sequelize.query<{ deletion_requested_at: Date | null; erased_at: Date | null }>(
    'SELECT deletion_requested_at, erased_at FROM users WHERE id = $1',
    { bind: [userId], type: QueryTypes.SELECT },
  );
  return row!;
};

test.serial('SEC-PRIV-02 DELETE /api/v1/users/me needs the password and a fresh MFA code', async (t) => {
  const noMfa = await createUser(app.deps);
  const plainToken = await app.bearerLogin(noMfa.email, noMfa.password);
  const enrol = await deleteMe(plainToken, { password: noMfa.password, recoveryCode: 'AAAA-AAAA-AAAA-AAAA' });
  t.is(enrol.status, 403, enrol.text);
  t.is(enrol.json.error_code, 'MFA_ENROLMENT_REQUIRED');

  const { user, token, codes } = await signedInWithMfa();
  const wrongPassword = await deleteMe(token, { password: `${user.password}x`, recoveryCode: codes[0] });
  t.is(wrongPassword.status, 401, wrongPassword.text);
  t.is(wrongPassword.json.error_code, 'INVALID_CREDENTIALS');
  const wrongCode = await deleteMe(token, { password: user.password, recoveryCode: 'AAAA-AAAA-AAAA-AAAA' });
  t.is(wrongCode.status, 403, wrongCode.text);
  t.is(wrongCode.json.error_code, 'MFA_STEP_UP_REQUIRED');
  for (const who of [noMfa, user])
    t.is((await markOf(who.id)).deletion_requested_at, null, 'nothing scheduled');
});

test.serial('SEC-PRIV-02 erasure cancelled within the grace: nothing is changed', async (t) => {
  const { user, token, codes } = await signedInWithMfa();
  const trip = await plantTrip(app.sequelize, user.id);
  const asked = await deleteMe(token, { password: user.password, recoveryCode: codes[0] });
  t.is(asked.status, 202, asked.text);
  t.is(asked.json.status, 'deletion_scheduled');
  t.truthy((await markOf(user.id)).deletion_requested_at, 'the account carries the deletion mark');
  const handle = world.workers.client.workflow.getHandle(erasureWorkflowId(user.id));
  t.is(await handle.query(erasureStageQuery), 'grace');

  const cancelled = await cancelDeletion(token);
  t.is(cancelled.status, 200, cancelled.text);
  t.deepEqual(await handle.result(), { status: 'cancelled' });
  t.is((await markOf(user.id)).deletion_requested_at, null, 'the mark is gone');
  t.is((await cancelDeletion(token)).status, 409, 'nothing left to cancel');

  t.is(
    (await app.send({ path: '/api/v1/users/me', headers: bearer(token) })).status,
    200,
    'the session lives',
  );
  await t.notThrowsAsync(app.bearerLogin(user.email, user.password, { recoveryCode: codes[1] }));
  const { Booking, BookingPassenger } = bookingModels(app.sequelize);
  const booking = await Booking.findByPk(trip.bookingId);
  t.is(booking!.notes, 'gluten-free meals, wheelchair', 'notes still readable: the key is there');
  t.is((await BookingPassenger.findAll({ where: { booking_id: trip.bookingId } }))[0]!.first_name, 'Ada');
  t.is((await markOf(user.id)).erased_at, null);
});

test.serial(
  'SEC-PRIV-02 SEC-DATA-04 erasure completed after the grace: sessions and tokens gone, bookings and reviews anonymised with amounts kept, key shredded, account pseudonymised, audit chain intact',
  async (t) => {
    const { user, token, codes } = await signedInWithMfa();
    const trip = await plantTrip(app.sequelize, user.id);
    t.is((await reviewerNames(app.sequelize, [user.id])).get(user.id), 'Test P.', 'named before');
    const auditBefore = await count('SELECT count(*) AS n FROM audit_events WHERE actor_id = $1', [user.id]);
    t.true(auditBefore > 0);

    const actor = { id: user.id, role: user.role, companyId: undefined, sessionId: randomUUID() };
    await requestErasure(
      world.erasure(1),
      actor as never,
      { password: user.password, recoveryCode: codes[0] },
      ORIGIN,
    );
    const handle = world.workers.client.workflow.getHandle(erasureWorkflowId(user.id));
    const result = await handle.result();
    t.is(result.status, 'erased');
    t.regex(result.pseudonym!, /^DELETED_USER_[1-9][0-9]*$/);

    // 1. sessions and tokens
    t.is((await app.send({ path: '/api/v1/users/me', headers: bearer(token) })).status, 401, 'session ended');
    for (const table of [
      'refresh_tokens',
      'user_credentials',
      'user_mfa',
      'mfa_recovery_codes',
      'known_devices',
    ]) {
      t.is(await count(`SELECT count(*) AS n FROM ${table} WHERE user_id = $1`, [user.id]), 0, table);
    }
    await t.throwsAsync(app.bearerLogin(user.email, user.password, { recoveryCode: codes[1] }));
    // 2-3. bookings: amounts, currency, status kept; passengers and notes gone
    const [booking] = await app.sequelize.query<Record<string, unknown>>(
      'SELECT status, amount_minor, currency, notes_encrypted, user_id FROM bookings WHERE id = $1',
      { bind: [trip.bookingId], type: QueryTypes.SELECT },
    );
    t.like(booking, { status: 'CONFIRMED', currency: 'EUR', notes_encrypted: null });
    t.not(booking!.user_id, user.id, 'the kept booking points at a placeholder, not the account');
    t.is(Number(booking!.amount_minor), 123_45);
    t.is(await count('SELECT count(*) AS n FROM booking_passengers WHERE user_id = $1', [user.id]), 0);
    t.is((await reviewerNames(app.sequelize, [user.id])).get(user.id), 'Guest', 'reviews show no name');
    // 4. the key
    const [key] = await keyringOf(app.sequelize).userKeys.sequelize.query<{
      wrapped_key: unknown;
      shredded_at: Date | null;
    }>('SELECT wrapped_key, shredded_at FROM user_keys WHERE user_id = $1', {
      bind: [user.id],
      type: QueryTypes.SELECT,
    });
    t.is(key!.wrapped_key, null, 'the key store holds no key for them');
    t.truthy(key!.shredded_at);
    t.is(await count('SELECT count(*) AS n FROM user_key_shreds WHERE user_id = $1', [user.id]), 1);
    await t.throwsAsync(keyringOf(app.sequelize).userKey(user.id, { create: true }), {
      instanceOf: KeyShreddedError,
    });
    // 5. the account row
    const [row] = await app.sequelize.query<Record<string, unknown>>(
      'SELECT email_encrypted, email_bidx, pseudonym, erased_at FROM users WHERE id = $1',
      { bind: [user.id], type: QueryTypes.SELECT },
    );
    t.like(row, { email_encrypted: null, email_bidx: null, pseudonym: result.pseudonym });
    t.truthy(row!.erased_at);
    // audit rows kept (never rewritten), the chain verifies, the erasure is audited
    t.true(
      (await count('SELECT count(*) AS n FROM audit_events WHERE actor_id = $1', [user.id])) >= auditBefore,
    );
    t.is(
      await count(
        "SELECT count(*) AS n FROM audit_events WHERE event_type = 'account.erased' AND resource_id = $1",
        [user.id],
      ),
      1,
    );
    t.like(await verifyAuditChain(app.sequelize, loadAuditVerifyKeys()), { ok: true });
    // idempotent: a step run again changes nothing
    t.is((await markOf(user.id)).erased_at?.getTime(), (row!.erased_at as Date).getTime());
  },
);

test.serial(
  'SEC-PRIV-02 a business admin cannot erase another user of the company: only their own account',
  async (t) => {
    const company = await createCompany(app.deps);
    const colleague: TestUser = await createUser(app.deps, { role: 'BUSINESS_USER', companyId: company });
    const {
      user: admin,
      token,
      codes,
    } = await signedInWithMfa({ role: 'BUSINESS_ADMIN', companyId: company });
    const named = await deleteMe(token, {
      password: admin.password,
      recoveryCode: codes[0],
      userId: colleague.id,
    });
    t.is(named.status, 400, named.text);
    t.is(named.json.error_code, 'UNKNOWN_FIELDS');
    const byPath = await app.send({
      method: 'DELETE',
      path: `/api/v1/users/${colleague.id}`,
      headers: bearer(token),
    });
    t.true([404, 405].includes(byPath.status), `no route erases a user by id: ${byPath.status}`);

    const own = await deleteMe(token, { password: admin.password, recoveryCode: codes[1] });
    t.is(own.status, 202, own.text);
    t.truthy((await markOf(admin.id)).deletion_requested_at, 'the admin’s own account is scheduled');
    t.is((await markOf(colleague.id)).deletion_requested_at, null, 'the colleague’s is not');
    t.is((await cancelDeletion(token)).status, 200);
  },
);

test.serial(
  'SEC-PRIV-02 the soft-deleted-account retention erases exactly the accounts whose deletion was asked before its cutoff and is not done',
  async (t) => {
    const DAY = 86_400_000;
    const now = Date.now();
    const [overdue, recent, kept] = [
      await createUser(app.deps),
      await createUser(app.deps),
      await createUser(app.deps),
    ];
    const mark = (id: string, at: Date | null) =>
      app.sequelize.query('UPDATE users SET deletion_requested_at = $2 WHERE id = $1', { bind: [id, at] });
    await mark(overdue.id, new Date(now - 31 * DAY));
    await mark(recent.id, new Date(now - DAY));
    await mark(kept.id, null); // never asked, or cancelled
    const cutoff = new Date(now - 30 * DAY);
    t.is(await eraseOverdueAccounts(world.steps, cutoff, 10), 1);
    t.is(await eraseOverdueAccounts(world.steps, cutoff, 10), 0, 'done once: nothing is due any more');
    const erased = async (id: string) => (await markOf(id)).erased_at !== null;
    t.true(await erased(overdue.id));
    t.false(await erased(recent.id), 'still in its grace');
    t.false(await erased(kept.id));
    await mark(recent.id, null);
  },
);
