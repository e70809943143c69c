import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { bookingModels } from '../../db/models/booking-models';
import { identityModels } from '../../db/models/identity';
import { TEST_CARDS } from '../payments/helpers/stripe-stack';
import { dateInDays as day, flightBooking } from './helpers/booking-body';
import type { BookingsApp, SignedIn } from './helpers/bookings-app';
import { useBookingsStack, type FlightPick } from './helpers/bookings-stack';
import type { SagaHarness } from './helpers/saga-harness';

/*
 * `POST /api/v1/bookings` refusals that must come before anything is written: an answer in the
 * project's error format, no booking row, no audit event of a booking, no workflow.
 */

let h: SagaHarness;
let app: BookingsApp;
let pick: FlightPick;
let paymentMethod: string;

useBookingsStack((stack) => ({ h, app, pick, paymentMethod } = stack), TEST_CARDS.succeeds);

function post(user: SignedIn, body: unknown) {
  return app.send(
    {
      method: 'POST',
      path: '/api/v1/bookings',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    },
    user,
  );
}

/** Nothing of a booking exists for `userId`: no row, no `booking.created` audit event. */
async function nothingWritten(userId: string): Promise<{ bookings: number; audited: number }> {
  const bookings = await bookingModels(h.sequelize).Booking.count({ where: { user_id: userId } });
  const [row] = await h.sequelize.query<{ audited: number }>(
    "SELECT count(*)::int AS audited FROM audit_events WHERE event_type = 'booking.created' AND actor_id = :id",
    { type: QueryTypes.SELECT, replacements: { id: userId } },
  );
  return { bookings, audited: row!.audited };
}

test('SEC-AUTH-07 POST /bookings: an account whose email is not verified is refused 403 EMAIL_NOT_VERIFIED, nothing written', async (t) => {
  const user = await app.signIn();
  const { User } = identityModels(h.sequelize);
  await User.update({ email_verified_at: null }, { where: { id: user.id } });
  const body = flightBooking(pick(), paymentMethod);
  const refused = await post(user, body);
  t.is(refused.status, 403, refused.text);
  t.like(refused.json, { error_code: 'EMAIL_NOT_VERIFIED', message: 'Verify your email address first' });
  t.truthy(refused.json.error_id);
  t.deepEqual(await nothingWritten(user.id), { bookings: 0, audited: 0 });
  // The same request once the email is verified is taken: the refusal was the gate, nothing else.
  await User.update({ email_verified_at: new Date() }, { where: { id: user.id } });
  const taken = await post(user, body);
  t.is(taken.status, 202, taken.text);
});

test('SEC-VAL-02 POST /bookings: a check-in in the past and a 2,001-character note are refused 400 VALIDATION_FAILED, nothing written', async (t) => {
  const user = await app.signIn();
  const flight = flightBooking(pick(), paymentMethod);
  const hotel = {
    ...flight,
    kind: 'hotel',
    flight: undefined,
    hotel: {
      hotelId: 'H000001',
      roomType: 'double',
      checkIn: day(-1),
      checkOut: day(2),
      rooms: 1,
      guests: 1,
    },
  };
  const longNote = { ...flight, notes: 'n'.repeat(2_001) };
  for (const [why, body, field] of [
    ['check-in yesterday', hotel, 'checkIn'],
    ['2,001-character note', longNote, 'notes'],
  ] as const) {
    const refused = await post(user, body);
    t.is(refused.status, 400, `${why}: ${refused.text}`);
    t.is(refused.json?.error_code, 'VALIDATION_FAILED', why);
    t.regex(refused.text, new RegExp(field), `${why}: the answer names the field`);
    t.truthy(refused.json?.error_id, why);
  }
  t.deepEqual(await nothingWritten(user.id), { bookings: 0, audited: 0 });
  // The bounds themselves are allowed: a note of exactly 2,000 characters is taken.
  const atBound = await post(user, { ...flight, notes: 'n'.repeat(2_000) });
  t.is(atBound.status, 202, atBound.text);
});
