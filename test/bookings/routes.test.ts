import test from 'ava';
import { randomUUID } from 'node:crypto';
import { bookingModels } from '../../db/models/booking-models';
import { TEST_CARDS } from '../payments/helpers/stripe-stack';
import { dateInDays as day, flightBooking } from './helpers/booking-body';
import { startBookingsApp, type BookingsApp, type SignedIn } from './helpers/bookings-app';
import { useBookingsStack, type FlightPick } from './helpers/bookings-stack';
import type { SagaHarness } from './helpers/saga-harness';
import { tampered as tamperedText } from '../helpers/base64url-spellings';

let h: SagaHarness;
let app: BookingsApp;
let pick: FlightPick;
let paymentMethod: string;

useBookingsStack((stack) => ({ h, app, pick, paymentMethod } = stack), TEST_CARDS.succeeds);

function post(user: SignedIn, body: unknown, key: string | null = randomUUID(), path = '/api/v1/bookings') {
  return app.postJson(user, path, body, key);
}

const cancel = (user: SignedIn, id: string) =>
  app.send({ method: 'POST', path: `/api/v1/bookings/${id}/cancel` }, user);

const get = (user: SignedIn, path: string) => app.send({ path }, user);

async function waitFor(user: SignedIn, id: string, status: string) {
  // A bound on polls, not a deadline to meet: a loaded machine's saga may take minutes.
  for (let i = 0; i < 1_200; i++) {
    const answer = await get(user, `/api/v1/bookings/${id}`);
    if (answer.json?.status === status) return answer;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`booking ${id} never reached ${status}`);
}

test('SEC-IDEM-01 POST /bookings: key required, same request replayed, other request with the key 422', async (t) => {
  const user = await app.signIn();
  const body = flightBooking(pick(), paymentMethod);
  t.is((await post(user, body, null)).status, 400);
  const key = randomUUID();
  const first = await post(user, body, key);
  t.is(first.status, 202, first.text);
  t.is(first.headers.location, first.json.statusUrl);
  const again = await post(user, body, key);
  t.is(again.status, 202);
  t.is(again.headers['idempotent-replayed'], 'true');
  t.is(again.json.id, first.json.id);
  t.is((await post(user, { ...body, notes: 'another request' }, key)).status, 422);
  t.is(await bookingModels(h.sequelize).Booking.count({ where: { user_id: user.id } }), 1);
});

test('SEC-VAL-02 booking fields: passport, IATA, dates with logic, guests, currency, money', async (t) => {
  const user = await app.signIn();
  const good = flightBooking(pick(), paymentMethod);
  const hotel = {
    ...good,
    kind: 'hotel',
    flight: undefined,
    hotel: { hotelId: 'H000001', roomType: 'double', checkIn: day(3), checkOut: day(5), rooms: 1, guests: 2 },
  };
  const withFlight = (f: object) => ({ ...good, flight: { ...good.flight, ...f } });
  const p = good.passengers[0]!;
  const bad: [string, unknown][] = [
    ['passport too short', { ...good, passengers: [{ ...p, passportNumber: 'X1234' }] }],
    ['passport not alphanumeric', { ...good, passengers: [{ ...p, passportNumber: 'X12-34567' }] }],
    ['passport too long', { ...good, passengers: [{ ...p, passportNumber: 'X123456789012345' }] }],
    ['lowercase IATA', withFlight({ origin: 'lis' })],
    ['same origin and destination', withFlight({ destination: good.flight!.origin })],
    ['departure in the past', withFlight({ departureDate: day(-1) })],
    ['return before departure', withFlight({ returnDate: good.flight!.departureDate })],
    ['not a real date', withFlight({ departureDate: '2027-02-30' })],
    ['check-out before check-in', { ...hotel, hotel: { ...hotel.hotel, checkOut: day(3) } }],
    ['more than 30 nights', { ...hotel, hotel: { ...hotel.hotel, checkOut: day(34) } }],
    ['10 guests', { ...hotel, hotel: { ...hotel.hotel, guests: 10 } }],
    ['no guests', { ...hotel, hotel: { ...hotel.hotel, guests: 0 } }],
    ['currency outside the allowlist', { ...good, currency: 'XYZ' }],
    ['zero amount', { ...good, amount: '0.00' }],
    ['three decimals', { ...good, amount: '12.345' }],
    ['more than 10 digits', { ...good, amount: '123456789.00' }],
    ['amount as a number', { ...good, amount: 12.5 }],
    ['a card number instead of a PaymentMethod', { ...good, paymentMethodId: 'tok_visa' }],
    ['born in the future', { ...good, passengers: [{ ...p, dateOfBirth: day(2) }] }],
    // Found by the fuzzer: the rules between fields once read a missing list and answered 500.
    ['a flight without passengers', { ...good, passengers: undefined }],
    ['passengers not a list', { ...good, passengers: 'Ada Lovelace' }],
  ];
  for (const [why, body] of bad) {
    const answer = await post(user, body);
    t.is(answer.status, 400, `${why}: ${answer.text}`);
  }
  t.is(await bookingModels(h.sequelize).Booking.count({ where: { user_id: user.id } }), 0);
});

test('SEC-VAL-07 booking details follow the allowlisted schema: unknown keys and the other kind refused', async (t) => {
  const user = await app.signIn();
  const good = flightBooking(pick(), paymentMethod);
  const extra = await post(user, { ...good, flight: { ...good.flight, price: 1 } });
  t.is(extra.status, 400);
  t.is(extra.json.error_code, 'UNKNOWN_FIELDS');
  t.is((await post(user, { ...good, passengers: [{ ...good.passengers[0], role: 'x' }] })).status, 400);
  const both = {
    ...good,
    hotel: { hotelId: 'H000001', roomType: 'double', checkIn: day(3), checkOut: day(4), rooms: 1, guests: 1 },
  };
  t.is((await post(user, both)).status, 400);
  const ok = await post(user, good);
  t.is(ok.status, 202);
  const row = await bookingModels(h.sequelize).Booking.findByPk(ok.json.id);
  t.deepEqual(Object.keys(row!.details).sort(), [
    'departureDate',
    'destination',
    'flightId',
    'origin',
    'seats',
  ]);
});

test('SEC-WEB-04 markup in notes and names is refused; plain text is stored as given', async (t) => {
  const user = await app.signIn();
  const good = flightBooking(pick(), paymentMethod);
  const p = good.passengers[0]!;
  for (const body of [
    { ...good, notes: 'window seat <script>alert(1)</script>' },
    { ...good, notes: '<img src=x onerror=alert(1)>' },
    { ...good, passengers: [{ ...p, firstName: '<b>Ada</b>' }] },
    { ...good, passengers: [{ ...p, lastName: 'Love"lace><svg onload=1>' }] },
  ]) {
    const answer = await post(user, body);
    t.is(answer.status, 400, answer.text);
  }
  const notes = 'Window seat, please: vegetarian meal & extra legroom.\nThanks!';
  const ok = await post(user, { ...good, notes });
  t.is(ok.status, 202, ok.text);
  const view = await get(user, `/api/v1/bookings/${ok.json.id}`);
  t.is(view.json.notes, notes);
  t.regex(view.headers['content-type'] ?? '', /^application\/json/);
});

test('bookings are the owner’s: list pages own bookings, another user’s booking answers 404, passports masked', async (t) => {
  const owner = await app.signIn();
  const other = await app.signIn();
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await post(owner, flightBooking(pick(), paymentMethod))).json.id);
  const page1 = await get(owner, '/api/v1/bookings?limit=2');
  t.is(page1.status, 200);
  t.is(page1.json.bookings.length, 2);
  const page2 = await get(owner, `/api/v1/bookings?limit=2&cursor=${page1.json.nextCursor}`);
  t.is(page2.json.bookings.length, 1);
  t.is(page2.json.nextCursor, null);
  t.deepEqual(
    [...page1.json.bookings, ...page2.json.bookings].map((b: { id: string }) => b.id).sort(),
    [...ids].sort(),
  );
  t.is((await get(other, '/api/v1/bookings')).json.bookings.length, 0);
  t.is((await get(other, `/api/v1/bookings/${ids[0]}`)).status, 404);
  t.is((await cancel(other, ids[0]!)).status, 404);
  const mine = await get(owner, `/api/v1/bookings/${ids[0]}`);
  t.is(mine.json.passengers[0].passportNumber, '******4567');
  t.is(mine.json.passengers[0].dateOfBirth, '1990-**-**');
  t.false(mine.text.includes('X1234567'));
});

test('cancellation: a confirmed booking is cancelled and refunded; a second cancellation is refused (409)', async (t) => {
  t.timeout(600_000);
  const user = await app.signIn();
  const accepted = await post(user, flightBooking(pick(), paymentMethod));
  t.is(accepted.status, 202, accepted.text);
  await waitFor(user, accepted.json.id, 'CONFIRMED');
  const cancelled = await cancel(user, accepted.json.id);
  t.is(cancelled.status, 200, cancelled.text);
  t.is(cancelled.json.status, 'CANCELLED');
  t.true(cancelled.json.refundedMinor > 0);
  const again = await cancel(user, accepted.json.id);
  t.is(again.status, 409);
  t.is(again.json.error_code, 'BOOKING_NOT_CANCELLABLE');
  t.is((await get(user, `/api/v1/bookings/${accepted.json.id}`)).json.status, 'CANCELLED');
});

test('SEC-RATE-01 bookings per user: over the limit (here 2 an hour) 429 with Retry-After; another user is not held', async (t) => {
  const limited = await startBookingsApp(h, { bookings: 2 });
  t.teardown(() => limited.close());
  const send = (user: SignedIn) =>
    limited.send(
      {
        method: 'POST',
        path: '/api/v1/bookings',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(flightBooking(pick(), paymentMethod)),
      },
      user,
    );
  const user = await limited.signIn();
  t.is((await send(user)).status, 202);
  t.is((await send(user)).status, 202);
  const over = await send(user);
  t.is(over.status, 429);
  t.truthy(over.headers['retry-after']);
  t.is((await send(await limited.signIn())).status, 202);
  t.is(await bookingModels(h.sequelize).Booking.count({ where: { user_id: user.id } }), 2);
});

test('SEC-AUTHZ-03 company bookings: a business admin sees their company’s, another company’s admin gets 404', async (t) => {
  const booker = await app.signIn('BUSINESS_USER');
  const admin = await app.signIn('BUSINESS_ADMIN', booker.companyId);
  const stranger = await app.signIn('BUSINESS_ADMIN');
  const created = await post(booker, flightBooking(pick(), paymentMethod));
  t.is(created.status, 202, created.text);
  const id = created.json.id as string;
  const list = (a: SignedIn, scope: string) => get(a, `/api/v1/bookings?scope=${scope}`);
  t.deepEqual(
    (await list(admin, 'company')).json.bookings.map((b: { id: string }) => b.id),
    [id],
  );
  t.is((await list(admin, 'own')).json.bookings.length, 0);
  t.is((await get(admin, `/api/v1/bookings/${id}`)).status, 200);
  t.is((await list(stranger, 'company')).json.bookings.length, 0);
  t.is((await get(stranger, `/api/v1/bookings/${id}`)).status, 404);
  t.is((await list(booker, 'company')).status, 403);
  // Seeing is not cancelling: the company admin cannot cancel a colleague's booking.
  t.is((await cancel(admin, id)).status, 404);
});

test('SEC-AUTHZ-03 booking routes take only a real session: no token 401, an identity header of the old stand-in is ignored', async (t) => {
  const owner = await app.signIn();
  const created = await post(owner, flightBooking(pick(), paymentMethod));
  t.is(created.status, 202, created.text);
  const forged = { 'x-test-user': owner.id, 'x-test-role': 'PLATFORM_ADMIN' };
  for (const req of [
    { path: '/api/v1/bookings', headers: forged },
    { path: `/api/v1/bookings/${created.json.id}`, headers: forged },
    { method: 'POST', path: `/api/v1/bookings/${created.json.id}/cancel`, headers: forged },
  ]) {
    const answer = await app.send(req);
    t.is(answer.status, 401, `${req.path}: ${answer.text}`);
    t.is(answer.json.error_code, 'AUTHENTICATION_REQUIRED');
  }
  const tampered = await app.send(
    { path: '/api/v1/bookings' },
    { ...owner, headers: { Authorization: tamperedText(owner.headers.Authorization) } },
  );
  t.is(tampered.status, 401);
});
