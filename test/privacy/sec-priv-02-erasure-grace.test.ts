import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import type { WorkflowHandle } from '@temporalio/client';
import { QueryTypes } from 'sequelize';
import { bookingModels } from '../../db/models/booking-models';
import { erasureStageQuery, erasureWorkflowId } from '../../services/privacy/erasure-contract';
import { requestErasure } from '../../services/privacy/erasure-request';
import { createUser, enrolMfa } from '../accounts/helpers/accounts-data';
import { erasureWorld, plantTrip } from './helpers/erasure-world';

/**
 * SEC-PRIV-02's grace on the real stack: the erasure workflow waits it out on a durable timer of
 * the grace's length before any step is scheduled; the owner, signing in again, cancels it.
 */
const world = erasureWorld('priv02-grace');
const { app } = world;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Session-Mode': 'bearer' });
const count = async (sql: string, bind: unknown[]) =>
  Number((await app.sequelize.query<{ n: string }>(sql, { bind, type: QueryTypes.SELECT }))[0]!.n);

/** The workflow's history in brief: its timers (seconds) and the events in order. */
async function historyOf(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  const timers = events.flatMap((e) =>
    e.timerStartedEventAttributes
      ? [Number(e.timerStartedEventAttributes.startToFireTimeout?.seconds ?? 0)]
      : [],
  );
  const kinds = events.flatMap((e) => {
    if (e.timerFiredEventAttributes) return ['timer fired'];
    if (e.activityTaskScheduledEventAttributes) return ['activity scheduled'];
    return [];
  });
  return { timers, kinds };
}

/** Everything the erasure would remove is still there, and the owner still signed in. */
async function untouched(t: ExecutionContext, userId: string, token: string, bookingId: string) {
  t.is(
    (await app.send({ path: '/api/v1/users/me', headers: bearer(token) })).status,
    200,
    'the session lives',
  );
  for (const table of ['user_credentials', 'user_mfa', 'refresh_tokens', 'booking_passengers'])
    t.true((await count(`SELECT count(*) AS n FROM ${table} WHERE user_id = $1`, [userId])) > 0, table);
  const booking = await bookingModels(app.sequelize).Booking.findByPk(bookingId);
  t.is(booking!.user_id, userId);
  t.is(booking!.notes, 'gluten-free meals, wheelchair', 'notes readable: the user key is there');
  t.is(await count('SELECT count(*) AS n FROM users WHERE id = $1 AND erased_at IS NULL', [userId]), 1);
}

test.serial(
  'SEC-PRIV-02 during the grace nothing is erased: the workflow sleeps on a timer of the whole grace, no step is scheduled, and the owner signing in again cancels it',
  async (t) => {
    const user = await createUser(app.deps);
    const { recoveryCodes: codes } = await enrolMfa(app.deps, user);
    const token = await app.bearerLogin(user.email, user.password, { recoveryCode: codes[0] });
    const trip = await plantTrip(app.sequelize, user.id);
    const asked = await app.send({
      method: 'DELETE',
      path: '/api/v1/users/me',
      headers: { 'Content-Type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ password: user.password, recoveryCode: codes[1] }),
    });
    t.is(asked.status, 202, asked.text);
    const handle = world.workers.client.workflow.getHandle(erasureWorkflowId(user.id));
    t.is(await handle.query(erasureStageQuery), 'grace');
    const graceSeconds = app.db.config.retention.softDeletedAccountDays * 86_400;
    t.deepEqual(await historyOf(handle), { timers: [graceSeconds], kinds: [] }, 'a 30-day timer, no step');
    await untouched(t, user.id, token, trip.bookingId);

    // The owner signs in again (a new session) and confirms they keep the account.
    const again = await app.bearerLogin(user.email, user.password, { recoveryCode: codes[2] });
    const cancelled = await app.send({
      method: 'POST',
      path: '/api/v1/users/me/deletion/cancel',
      headers: bearer(again),
    });
    t.is(cancelled.status, 200, cancelled.text);
    t.deepEqual(await handle.result(), { status: 'cancelled' });
    t.deepEqual((await historyOf(handle)).kinds, [], 'no step ever ran');
    await untouched(t, user.id, again, trip.bookingId);
  },
);

test.serial(
  'SEC-PRIV-02 after a shortened grace the steps run: the timer fires first, then every erasure step',
  async (t) => {
    const user = await createUser(app.deps);
    const { recoveryCodes: codes } = await enrolMfa(app.deps, user);
    await plantTrip(app.sequelize, user.id);
    const actor = { id: user.id, role: user.role, companyId: undefined, sessionId: randomUUID() };
    await requestErasure(
      world.erasure(2),
      actor as never,
      { password: user.password, recoveryCode: codes[0] },
      {
        ip: '127.0.0.1',
      },
    );
    const handle = world.workers.client.workflow.getHandle(erasureWorkflowId(user.id));
    t.like(await handle.result(), { status: 'erased' });
    const { timers, kinds } = await historyOf(handle);
    t.deepEqual(timers, [2], 'the grace from the input');
    t.deepEqual(
      kinds,
      ['timer fired', ...Array<string>(5).fill('activity scheduled')],
      'the grace, then the steps',
    );
    t.is(
      await count('SELECT count(*) AS n FROM users WHERE id = $1 AND erased_at IS NOT NULL', [user.id]),
      1,
    );
  },
);
