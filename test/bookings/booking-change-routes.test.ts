import test from 'ava';
import { randomUUID } from 'node:crypto';
import { plantedBooking } from './helpers/planted-booking';
import type { SignedIn } from './helpers/bookings-app';
import { startBookingsApp, type BookingsApp } from './helpers/bookings-app';
import { useSagaHarness } from './helpers/bookings-stack';
import type { SagaHarness } from './helpers/saga-harness';

/* The booking change routes over HTTP (issue 18.2): SEC-RATE-01's 10 an hour, SEC-IDEM-01's key. */

let h: SagaHarness;
useSagaHarness((stack) => ({ h } = stack));

const plantedOf = (user: SignedIn) => plantedBooking(h.sequelize, user.id, null);

const offer = (app: BookingsApp, user: SignedIn, id: string, key: string | null = randomUUID()) =>
  app.postJson(user, `/api/v1/bookings/${id}/change-offers`, { hotel: { rooms: 2 } }, key);

test('SEC-RATE-01 booking changes per user: over the limit (here 3 an hour) 429 with Retry-After; another user is not held', async (t) => {
  const app = await startBookingsApp(h, { bookingChanges: 3 });
  t.teardown(() => app.close());
  const user = await app.signIn();
  const id = await plantedOf(user);
  for (let i = 0; i < 3; i += 1) t.is((await offer(app, user, id)).status, 409);
  const over = await offer(app, user, id);
  t.is(over.status, 429);
  t.truthy(over.headers['retry-after']);
  const confirm = await app.postJson(
    user,
    `/api/v1/bookings/${id}/change-offers/${randomUUID()}/confirm`,
    undefined,
    randomUUID(),
  );
  t.is(confirm.status, 429, 'offers and confirmations count together');
  const other = await app.signIn();
  t.is((await offer(app, other, await plantedOf(other))).status, 409);
});

test('SEC-IDEM-01 booking change routes need an Idempotency-Key: none is 400 before anything runs', async (t) => {
  const app = await startBookingsApp(h);
  t.teardown(() => app.close());
  const user = await app.signIn();
  const id = await plantedOf(user);
  t.is((await offer(app, user, id, null)).status, 400);
  const confirm = await app.postJson(
    user,
    `/api/v1/bookings/${id}/change-offers/${randomUUID()}/confirm`,
    undefined,
    null,
  );
  t.is(confirm.status, 400);
  const refused = await offer(app, user, id);
  t.is(refused.status, 409);
  t.is(refused.json.error_code, 'BOOKING_NOT_CHANGEABLE');
});
