import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { TEST_CARDS } from '../payments/helpers/stripe-stack';
import type { BookingsApp, SignedIn } from './helpers/bookings-app';
import { useBookingsStack, type FlightPick } from './helpers/bookings-stack';
import { bookThroughSaga, untilConfirmed } from './helpers/saga-booking';
import type { SagaHarness } from './helpers/saga-harness';

/* The cancellation quote routes over HTTP: SEC-IDEM-01 on both mutations, and the answers' shapes. */

let h: SagaHarness;
let app: BookingsApp;
let pick: FlightPick;
const ORIGIN = { ip: '203.0.113.32' };

useBookingsStack((stack) => ({ h, app, pick } = stack));

async function confirmedBookingOf(user: SignedIn): Promise<string> {
  const actor = { id: user.id, role: user.role };
  const b = await bookThroughSaga(
    h,
    pick(),
    TEST_CARDS.succeeds,
    ORIGIN,
    { cancelWindowSeconds: 600 },
    actor,
  );
  return (await untilConfirmed(h, b)).booking.id;
}

const quotesOf = async (bookingId: string) =>
  h.sequelize.query<{ id: string; status: string }>(
    'SELECT id, status FROM cancellation_quotes WHERE booking_id = $1 ORDER BY created_at',
    { bind: [bookingId], type: QueryTypes.SELECT },
  );

test('SEC-IDEM-01 POST /bookings/:id/cancellation-quotes and its confirm: key required, a replay answers the first, a confirmation happens once', async (t) => {
  const user = await app.signIn();
  const bookingId = await confirmedBookingOf(user);
  const quotePath = `/api/v1/bookings/${bookingId}/cancellation-quotes`;
  t.is((await app.postJson(user, quotePath, undefined, null)).status, 400);
  t.deepEqual(await quotesOf(bookingId), [], 'no key, no quote');

  const key = randomUUID();
  const quote = await app.postJson(user, quotePath, undefined, key);
  t.is(quote.status, 201, quote.text);
  t.like(quote.json, { bookingId, phase: 'free', status: 'open', deductionMinor: 0 });
  const replay = await app.postJson(user, quotePath, undefined, key);
  t.is(replay.headers['idempotent-replayed'], 'true');
  t.is(replay.json.id, quote.json.id);
  t.is((await quotesOf(bookingId)).length, 1, 'the replay quoted nothing new');

  const confirmPath = quote.json.confirmUrl as string;
  t.is((await app.postJson(user, confirmPath, undefined, null)).status, 400);
  const confirmKey = randomUUID();
  const done = await app.postJson(user, confirmPath, undefined, confirmKey);
  t.is(done.status, 200, done.text);
  t.deepEqual(done.json, { id: bookingId, status: 'CANCELLED', refundedMinor: quote.json.refundMinor });
  const again = await app.postJson(user, confirmPath, undefined, confirmKey);
  t.is(again.status, 200);
  t.is(again.headers['idempotent-replayed'], 'true');
  const otherKey = await app.postJson(user, confirmPath, undefined, randomUUID());
  t.is(otherKey.status, 409);
  t.is(otherKey.json.error_code, 'QUOTE_NOT_OPEN');
  t.deepEqual(
    (await quotesOf(bookingId)).map((q) => q.status),
    ['settled'],
  );
});

test('a superseded quote answers 409 QUOTE_SUPERSEDED over HTTP; once cancelled, quoting answers 409 BOOKING_NOT_CANCELLABLE', async (t) => {
  const user = await app.signIn();
  const bookingId = await confirmedBookingOf(user);
  const quotePath = `/api/v1/bookings/${bookingId}/cancellation-quotes`;
  const first = await app.postJson(user, quotePath, undefined, randomUUID());
  const second = await app.postJson(user, quotePath, undefined, randomUUID());
  const stale = await app.postJson(user, first.json.confirmUrl as string, undefined, randomUUID());
  t.is(stale.status, 409);
  t.is(stale.json.error_code, 'QUOTE_SUPERSEDED');
  t.deepEqual(
    (await quotesOf(bookingId)).map((q) => [q.id, q.status]),
    [
      [first.json.id, 'superseded'],
      [second.json.id, 'open'],
    ],
  );
  const unknown = await app.postJson(
    user,
    `/api/v1/bookings/${bookingId}/cancellation-quotes/${randomUUID()}/confirm`,
    undefined,
    randomUUID(),
  );
  t.is(unknown.status, 404);
  t.is((await app.postJson(user, second.json.confirmUrl as string, undefined, randomUUID())).status, 200);
  const afterwards = await app.postJson(user, quotePath, undefined, randomUUID());
  t.is(afterwards.status, 409);
  t.is(afterwards.json.error_code, 'BOOKING_NOT_CANCELLABLE');
});
