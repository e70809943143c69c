import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { identityApp } from '../accounts/helpers/identity-app';
import { goodHotelReview, reviewWorld } from './helpers/review-world';

const app = identityApp('reviews-submit');
const w = reviewWorld(app);

const reviewsOf = (bookingId: string) =>
  app.sequelize.query<{ id: string; status: string }>(
    'SELECT id, status FROM reviews WHERE booking_id = $1',
    {
      bind: [bookingId],
      type: QueryTypes.SELECT,
    },
  );

test('a review of an ended stay is accepted and waits for moderation; so is one of a departed flight', async (t) => {
  const guest = await w.signIn();
  const stay = await w.hotelBooking(guest.id, { checkOutInDays: -1, hotelId: 'H000777' });
  const answer = await w.review(guest, stay);
  t.is(answer.status, 201, answer.text);
  t.like(answer.json, {
    bookingId: stay,
    kind: 'hotel',
    hotelId: 'H000777',
    route: null,
    overall: 4,
    categories: { cleanliness: 5, location: 4, service: 4, value: 3 },
    title: 'Quiet room',
    status: 'pending',
    publishedAt: null,
  });
  t.deepEqual(await reviewsOf(stay), [{ id: answer.json.id, status: 'pending' }]);
  const events = await w.auditOf(answer.json.id as string);
  t.like(events[0], { type: 'review.submitted', actor: { type: 'user', id: guest.id }, outcome: 'success' });

  const flight = await w.flightBooking(guest.id, -2);
  const flown = await w.review(guest, flight, { overall: 3, title: 'On time', text: 'Fine.' });
  t.is(flown.status, 201, flown.text);
  t.like(flown.json, { kind: 'flight', route: { origin: 'LIS', destination: 'MAD' }, categories: null });
  // A flight has no hotel categories; a stay must rate all four.
  const other = await w.flightBooking(guest.id, -2);
  t.is((await w.review(guest, other, goodHotelReview())).status, 400);
  const stay2 = await w.hotelBooking(guest.id);
  t.is((await w.review(guest, stay2, { overall: 4, title: 'x', text: 'y' })).status, 400);
});

test('refused before the stay ends or the flight departs, and for a booking that is not CONFIRMED: 409 with the reason', async (t) => {
  const guest = await w.signIn();
  for (const days of [0, 3]) {
    const answer = await w.review(guest, await w.hotelBooking(guest.id, { checkOutInDays: days }));
    t.is(answer.status, 409, `check-out in ${days} days`);
    t.is(answer.json.error_code, 'REVIEW_NOT_YET_OPEN');
  }
  const early = await w.review(guest, await w.flightBooking(guest.id, 2), {
    overall: 3,
    title: 'a',
    text: 'b',
  });
  t.is(early.status, 409);
  t.is(early.json.error_code, 'REVIEW_NOT_YET_OPEN');
  for (const status of ['FAILED', 'CANCELLED', 'PAID']) {
    const answer = await w.review(guest, await w.hotelBooking(guest.id, { status }));
    t.is(answer.status, 409, status);
    t.is(answer.json.error_code, 'BOOKING_NOT_REVIEWABLE');
  }
});

test('SEC-AUTHZ-03 a review of someone else’s booking is 404, like a booking that does not exist; nothing is written', async (t) => {
  const owner = await w.signIn();
  const stranger = await w.signIn();
  const booking = await w.hotelBooking(owner.id);
  const answer = await w.review(stranger, booking);
  t.is(answer.status, 404);
  t.is(answer.json.error_code, 'NOT_FOUND');
  t.is((await w.review(stranger, randomUUID())).json.error_code, 'NOT_FOUND');
  t.deepEqual(await reviewsOf(booking), []);
});

test('SEC-LOG-03 a review of someone else’s booking is audited as authz.access_denied naming the prober and the booking; a missing booking is no denial', async (t) => {
  const owner = await w.signIn();
  const stranger = await w.signIn();
  const booking = await w.hotelBooking(owner.id);
  t.is((await w.review(stranger, booking)).status, 404);
  const denials = (await w.auditOf(booking)).filter((e) => e.type === 'authz.access_denied');
  t.is(denials.length, 1);
  t.like(denials[0], {
    actor: { type: 'user', id: stranger.id },
    outcome: 'denied',
    resource: { type: 'booking', id: booking },
    details: { reason: 'not_visible', action: 'reviews.submit', code: 'NOT_FOUND' },
  });
  t.regex(String(denials[0]!.originIp), /^127\./);
  const missing = randomUUID();
  t.is((await w.review(stranger, missing)).status, 404);
  t.deepEqual(await w.auditOf(missing), []);
});

test('SEC-IDEM-03 one review per (user, booking): a second is 409 REVIEW_EXISTS, also when two arrive at once', async (t) => {
  const guest = await w.signIn();
  const booking = await w.hotelBooking(guest.id);
  const key = randomUUID();
  const first = await w.review(guest, booking, goodHotelReview(), key);
  t.is(first.status, 201, first.text);
  // The same Idempotency-Key replays the first answer (SEC-IDEM-01); a new key is a second review.
  const replay = await w.review(guest, booking, goodHotelReview(), key);
  t.is(replay.status, 201);
  t.is(replay.json.id, first.json.id);
  t.is((await w.review(guest, booking, goodHotelReview(), null)).status, 400);
  const second = await w.review(guest, booking, goodHotelReview({ title: 'Again' }));
  t.is(second.status, 409);
  t.is(second.json.error_code, 'REVIEW_EXISTS');

  // Two different keys at once on a fresh booking: the database's unique constraint decides.
  const racing = await w.hotelBooking(guest.id);
  const answers = await Promise.all(
    Array.from({ length: 4 }, (_, i) => w.review(guest, racing, goodHotelReview({ title: `Race ${i}` }))),
  );
  t.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409, 409]);
  t.true(answers.filter((a) => a.status === 409).every((a) => a.json.error_code === 'REVIEW_EXISTS'));
  t.is((await reviewsOf(racing)).length, 1);
});

test('SEC-RATE-01 reviews: the 11th review of a day by one user is 429 with Retry-After; another user is not held', async (t) => {
  const guest = await w.signIn();
  const bookings = await Promise.all(Array.from({ length: 11 }, () => w.hotelBooking(guest.id)));
  for (const booking of bookings.slice(0, 10)) t.is((await w.review(guest, booking)).status, 201);
  const over = await w.review(guest, bookings[10]!);
  t.is(over.status, 429);
  t.is(over.json.error_code, 'RATE_LIMITED');
  t.true(Number(over.headers['retry-after']) > 0);
  t.deepEqual(await reviewsOf(bookings[10]!), []);
  const other = await w.signIn();
  t.is((await w.review(other, await w.hotelBooking(other.id))).status, 201);
});

test('SEC-WEB-04 markup in a title or text is refused (400), never stored; other text is stored and returned exactly, as JSON', async (t) => {
  const guest = await w.signIn();
  const booking = await w.hotelBooking(guest.id);
  for (const markup of [
    { title: '<script>alert(1)</script>' },
    { text: 'Nice <img src=x onerror=alert(1)>' },
    { text: 'a > b' },
    { title: 'two\nlines' },
  ]) {
    const answer = await w.review(guest, booking, goodHotelReview(markup));
    t.is(answer.status, 400, JSON.stringify(markup));
    t.is(answer.json.error_code, 'VALIDATION_FAILED');
  }
  t.deepEqual(await reviewsOf(booking), []);
  // What is not markup is kept as written: entities stay entities, quotes stay quotes.
  const inert = {
    title: '&lt;b&gt; "quoted" & \'single\'',
    text: 'javascript:alert(1) &#60;script&#62;\nline two',
  };
  const answer = await w.review(guest, booking, goodHotelReview(inert));
  t.is(answer.status, 201, answer.text);
  t.regex(String(answer.headers['content-type']), /^application\/json/);
  t.is(answer.json.title, inert.title);
  t.is(answer.json.text, inert.text);
  // The table refuses markup too, whatever writes to it.
  await t.throwsAsync(
    app.sequelize.query("UPDATE reviews SET body = '<b>x</b>' WHERE id = $1", { bind: [answer.json.id] }),
    { message: /check constraint/ },
  );
});
