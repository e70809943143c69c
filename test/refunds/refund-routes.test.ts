import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { startBookingsApp, type BookingsApp, type SignedIn } from '../bookings/helpers/bookings-app';
import { proxyRequests } from '../payments/helpers/stripe-stack';
import { refundsStack, type RefundsStack } from './helpers/refunds-stack';

/* The refund routes over HTTP (SEC-IDEM-01 on every mutation, SEC-PAY-04 permissions). */

let s: RefundsStack;
let app: BookingsApp;

test.before(async () => {
  s = await refundsStack();
  app = await startBookingsApp(s.saga);
});
test.after.always(async () => {
  await app?.close();
  await s?.close();
});

function post(user: SignedIn, path: string, body: unknown, key: string | null = randomUUID()) {
  return app.postJson(user, path, body, key);
}

async function bookingOf(user: SignedIn) {
  return s.confirmedBooking({ id: user.id, role: user.role });
}

const rowsOf = async (bookingId: string) =>
  (
    await s.saga.sequelize.query<{ n: string }>(
      'SELECT count(*) AS n FROM refund_requests WHERE booking_id = $1',
      {
        bind: [bookingId],
        type: QueryTypes.SELECT,
      },
    )
  )[0]!.n;

test('SEC-IDEM-01 POST /bookings/:id/refunds: key required, same request replayed, other request with the key 422', async (t) => {
  const user = await app.signIn();
  const { bookingId } = await bookingOf(user);
  const path = `/api/v1/bookings/${bookingId}/refunds`;
  const body = { amountMinor: 100, reason: 'customer_request' };
  t.is((await post(user, path, body, null)).status, 400);
  const key = randomUUID();
  const first = await post(user, path, body, key);
  t.is(first.status, 202, first.text);
  t.like(first.json, { bookingId, amountMinor: 100, status: 'pending' });
  const again = await post(user, path, body, key);
  t.is(again.status, 202);
  t.is(again.headers['idempotent-replayed'], 'true');
  t.is(again.json.id, first.json.id);
  t.is((await post(user, path, { ...body, amountMinor: 101 }, key)).status, 422);
  t.is(await rowsOf(bookingId), '1');
});

test('SEC-IDEM-01 approve and deny take an Idempotency-Key: none is 400, a replayed approval answers the first decision and Stripe refunds once', async (t) => {
  const user = await app.signIn();
  const admin = await app.signIn('PLATFORM_ADMIN');
  const { bookingId } = await bookingOf(user);
  const requested = await post(user, `/api/v1/bookings/${bookingId}/refunds`, {
    amountMinor: 250,
    reason: 'duplicate',
  });
  t.is(requested.status, 202, requested.text);
  const id = requested.json.id as string;
  const pending = await app.send({ path: '/api/v1/refunds?status=pending' }, admin);
  t.is(pending.status, 200);
  t.true((pending.json.refunds as { id: string }[]).some((r) => r.id === id));
  t.is((await post(admin, `/api/v1/refunds/${id}/deny`, { reason: 'no' }, null)).status, 400);
  t.is((await post(admin, `/api/v1/refunds/${id}/approve`, {}, null)).status, 400);
  const key = randomUUID();
  const approved = await post(admin, `/api/v1/refunds/${id}/approve`, {}, key);
  t.is(approved.status, 200, approved.text);
  t.like(approved.json, { refundId: id, status: 'issued' });
  const replayed = await post(admin, `/api/v1/refunds/${id}/approve`, {}, key);
  t.is(replayed.headers['idempotent-replayed'], 'true');
  t.deepEqual(replayed.json, approved.json);
  t.is((await post(admin, `/api/v1/refunds/${id}/deny`, { reason: 'late' })).status, 409);
  t.is(new Set((await proxyRequests({ idempotency_key: `refund/${id}` })).map((r) => r.path)).size, 1);
});

test('SEC-PAY-04 refund routes: a customer neither lists nor decides (403), and cannot ask on another’s booking (404)', async (t) => {
  const owner = await app.signIn();
  const other = await app.signIn();
  const { bookingId } = await bookingOf(owner);
  t.is((await app.send({ path: '/api/v1/refunds?status=pending' }, owner)).status, 403);
  const asked = await post(other, `/api/v1/bookings/${bookingId}/refunds`, {
    amountMinor: 1,
    reason: 'goodwill',
  });
  t.is(asked.status, 404);
  const mine = await post(owner, `/api/v1/bookings/${bookingId}/refunds`, {
    amountMinor: 1,
    reason: 'goodwill',
  });
  t.is((await post(owner, `/api/v1/refunds/${mine.json.id as string}/approve`, {})).status, 403);
  t.is(
    (await post(owner, `/api/v1/bookings/${bookingId}/refunds`, { amountMinor: 1, reason: 'because' }))
      .status,
    400,
  );
});
