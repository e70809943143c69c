import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { createAuditWriter } from '../../lib/audit';
import {
  markHelpful,
  moderationQueue,
  publishReview,
  rejectReview,
  submitReview,
} from '../../services/reviews';
import { identityApp } from '../accounts/helpers/identity-app';
import { goodHotelReview, reviewWorld, type Person } from './helpers/review-world';

const app = identityApp('reviews-moderation');
const w = reviewWorld(app);
let moderator: Person;

test.serial.before(async () => {
  moderator = await w.signIn('PLATFORM_ADMIN');
});

/** A pending review of a new guest's ended stay at `hotelId`. */
async function pendingReview(hotelId: string, body = goodHotelReview()) {
  const guest = await w.signIn();
  const answer = await w.review(guest, await w.hotelBooking(guest.id, { hotelId }), body);
  if (answer.status !== 201) throw new Error(`review refused: ${answer.status} ${answer.text}`);
  return { guest, id: answer.json.id as string };
}

/**
 * For calling the review services directly, not through the routes: their deps over this file's
 * app, a customer (a fresh id, role USER) and the moderator as plain actors.
 */
function directCallers() {
  const deps = {
    sequelize: app.sequelize,
    audit: createAuditWriter(app.sequelize),
    search: { opensearch: app.opensearch, redis: app.redis, indexPrefix: app.searchPrefix },
  };
  const customer = { id: randomUUID(), role: 'USER' as const };
  const admin = { id: moderator.id, role: 'PLATFORM_ADMIN' as const };
  return { deps, customer, admin };
}

const queue = async (name: 'pending' | 'reported') =>
  (await w.get(`/api/v1/reviews/moderation?queue=${name}`, moderator)).json.reviews as {
    id: string;
    openReports: Record<string, number>;
  }[];

test('SEC-LOG-03 moderation: a moderator publishes or rejects with a reason code from the queue, each act audited with the moderator as actor', async (t) => {
  const a = await pendingReview('H000101');
  const b = await pendingReview('H000101');
  t.true((await queue('pending')).some((r) => r.id === a.id));
  const published = await w.publish(moderator, a.id);
  t.is(published.status, 200, published.text);
  t.like(published.json, { status: 'published', rejectionReason: null });
  t.truthy(published.json.publishedAt);
  const rejected = await w.reject(moderator, b.id, 'off_topic');
  t.is(rejected.status, 200, rejected.text);
  t.like(rejected.json, { status: 'rejected', rejectionReason: 'off_topic' });
  t.false((await queue('pending')).some((r) => r.id === a.id || r.id === b.id));
  // Decided is decided: publishing a rejected review, or publishing twice, is 409.
  t.is((await w.publish(moderator, b.id)).json.error_code, 'REVIEW_NOT_PENDING');
  t.is((await w.publish(moderator, a.id)).json.error_code, 'REVIEW_NOT_PENDING');
  t.is((await w.reject(moderator, a.id, 'not_a_reason')).status, 400);

  const [publishEvent] = (await w.auditOf(a.id)).filter((e) => e.type === 'review.published');
  t.like(publishEvent, {
    actor: { type: 'admin', id: moderator.id },
    outcome: 'success',
    resource: { type: 'review', id: a.id },
    details: { previousStatus: 'pending' },
  });
  t.truthy(publishEvent?.originIp);
  const [rejectEvent] = (await w.auditOf(b.id)).filter((e) => e.type === 'review.rejected');
  t.like(rejectEvent, {
    actor: { type: 'admin', id: moderator.id },
    details: { reason: 'off_topic', previousStatus: 'pending' },
  });
  // Only the moderation permission moderates: a customer and a business admin get 403.
  for (const role of ['USER', 'BUSINESS_ADMIN'] as const) {
    const who = await w.signIn(role);
    t.is((await w.publish(who, a.id)).status, 403, role);
    t.is((await w.get('/api/v1/reviews/moderation?queue=pending', who)).status, 403, role);
  }
});

test('SEC-LOG-03 abuse reports: anyone signed in reports a published review once; reports queue for moderation; taking it down upholds them, all audited', async (t) => {
  const { guest, id } = await pendingReview('H000102');
  const reader = await w.signIn();
  // Not published yet: not there to report.
  t.is((await w.report(reader, id)).status, 404);
  t.is((await w.publish(moderator, id)).status, 200);
  const report = await w.report(reader, id, 'offensive');
  t.is(report.status, 202, report.text);
  t.like(report.json, { reviewId: id, reason: 'offensive', status: 'open' });
  const again = await w.report(reader, id, 'spam');
  t.is(again.status, 409);
  t.is(again.json.error_code, 'REVIEW_ALREADY_REPORTED');
  t.is((await w.report(await w.signIn('BUSINESS_USER'), id, 'spam')).status, 202);
  t.like((await queue('reported')).find((r) => r.id === id)?.openReports, { offensive: 1, spam: 1, fake: 0 });

  const takenDown = await w.reject(moderator, id, 'offensive');
  t.is(takenDown.status, 200, takenDown.text);
  t.false((await queue('reported')).some((r) => r.id === id));
  const reports = await app.sequelize.query<{ status: string }>(
    'SELECT status FROM review_reports WHERE review_id = $1',
    { bind: [id], type: QueryTypes.SELECT },
  );
  t.deepEqual(
    reports.map((r) => r.status),
    ['upheld', 'upheld'],
  );
  const events = await w.auditOf(id);
  t.like(
    events.find((e) => e.type === 'review.reported'),
    { actor: { type: 'user', id: reader.id }, details: { reason: 'offensive' } },
  );
  t.like(
    events.find((e) => e.type === 'review.rejected'),
    {
      actor: { type: 'admin', id: moderator.id },
      details: { previousStatus: 'published', reportsClosed: 2 },
    },
  );
  t.not(guest.id, reader.id);
});

test('a reported review the moderator keeps stays published and its reports are dismissed', async (t) => {
  const { id } = await pendingReview('H000103');
  t.is((await w.publish(moderator, id)).status, 200);
  t.is((await w.report(await w.signIn(), id)).status, 202);
  const kept = await w.publish(moderator, id);
  t.is(kept.status, 200, kept.text);
  t.is(kept.json.status, 'published');
  t.false((await queue('reported')).some((r) => r.id === id));
  t.like((await w.auditOf(id)).filter((e) => e.type === 'review.published')[1], {
    details: { previousStatus: 'published', reportsClosed: 1 },
  });
});

test('public listing: published reviews only, newest or most helpful first, the reviewer by first name and initial only; helpful once per user', async (t) => {
  const hotel = 'H000104';
  const first = await pendingReview(hotel, goodHotelReview({ overall: 5, title: 'First' }));
  const second = await pendingReview(hotel, goodHotelReview({ overall: 3, title: 'Second' }));
  const hidden = await pendingReview(hotel, goodHotelReview({ title: 'Never published' }));
  t.is((await w.publish(moderator, first.id)).status, 200);
  t.is((await w.publish(moderator, second.id)).status, 200);
  const voters = [await w.signIn(), await w.signIn()];
  for (const voter of voters) t.is((await w.helpful(voter, first.id)).status, 200);
  const repeat = await w.helpful(voters[0]!, first.id);
  t.is(repeat.json.helpfulCount, 2);
  t.is((await w.helpful(first.guest, first.id)).json.error_code, 'OWN_REVIEW');
  t.is((await w.helpful(voters[0]!, hidden.id)).status, 404);

  const newest = await w.get(`/api/v1/hotels/${hotel}/reviews`);
  t.is(newest.status, 200, newest.text);
  t.deepEqual(
    newest.json.reviews.map((r: { title: string }) => r.title),
    ['Second', 'First'],
  );
  t.deepEqual(newest.json.summary, { average: 4, count: 2 });
  const helpful = await w.get(`/api/v1/hotels/${hotel}/reviews?sort=helpful&limit=1`);
  t.deepEqual(
    helpful.json.reviews.map((r: { title: string; helpfulCount: number }) => [r.title, r.helpfulCount]),
    [['First', 2]],
  );
  t.is(
    (await w.get(`/api/v1/hotels/${hotel}/reviews?sort=helpful&limit=1&page=2`)).json.reviews[0].title,
    'Second',
  );
  // accounts-data signs everyone up as "Test Person": shown as "Test P.", never more.
  t.true(newest.json.reviews.every((r: { reviewer: string }) => r.reviewer === 'Test P.'));
  t.false(newest.text.includes('Person'));
  t.false(newest.text.includes(first.guest.email));
  t.false(newest.text.includes(first.guest.id));
  t.is((await w.get('/api/v1/hotels/H000104/reviews?limit=51')).status, 400);

  const flyer = await w.signIn();
  const flight = await w.review(flyer, await w.flightBooking(flyer.id, -3, ['OPO', 'LHR']), {
    overall: 2,
    title: 'Late',
    text: 'Two hours late.',
  });
  t.is((await w.publish(moderator, flight.json.id)).status, 200);
  const route = await w.get('/api/v1/flight-routes/OPO/LHR/reviews');
  t.deepEqual(route.json.summary, { average: 2, count: 1 });
  t.like(route.json.reviews[0], { title: 'Late', categories: null, reviewer: 'Test P.' });
  t.is((await w.get('/api/v1/flight-routes/LHR/OPO/reviews')).json.summary.count, 0);
});

test('SEC-AUTHZ-02 the review services check the actor themselves, whoever calls them', async (t) => {
  const { deps, customer, admin } = directCallers();
  const { id } = await pendingReview('H000105');
  const origin = { ip: '127.0.0.1' };
  for (const call of [
    () => publishReview(deps, customer, id, origin),
    () => rejectReview(deps, customer, id, 'spam', origin),
    () => moderationQueue(deps, customer, 'pending', origin),
    () => submitReview(deps, admin, randomUUID(), goodHotelReview(), origin),
  ]) {
    const err = await t.throwsAsync(call);
    t.is((err as { code?: string }).code, 'ACCESS_DENIED');
  }
  await t.throwsAsync(() => markHelpful(deps, undefined as never, id), {
    message: 'Authentication required',
  });
});

test('SEC-LOG-03 a moderation or review refused by the review services themselves is audited as authz.access_denied with the actor and the origin', async (t) => {
  const { deps, customer, admin } = directCallers();
  const { id } = await pendingReview('H000106');
  const origin = { ip: '198.51.100.31', requestId: 'req-reviews-denied' };
  const bookingId = randomUUID();
  await t.throwsAsync(() => publishReview(deps, customer, id, origin), { message: 'Access denied' });
  await t.throwsAsync(() => rejectReview(deps, customer, id, 'spam', origin), { message: 'Access denied' });
  await t.throwsAsync(() => submitReview(deps, admin, bookingId, goodHotelReview(), origin), {
    message: 'Access denied',
  });
  await t.throwsAsync(() => moderationQueue(deps, customer, 'reported', origin), {
    message: 'Access denied',
  });
  const denied = [
    ...(await w.auditOf(id)),
    ...(await w.auditOf(bookingId)),
    ...(await w.auditOf('reviews.moderation_queue')).filter((e) => e.actor.id === customer.id),
  ].filter((e) => e.type === 'authz.access_denied');
  t.deepEqual(
    denied.map((e) => [e.actor.id, e.originIp, e.resource.type, e.details.action, e.details.requestId]),
    [
      [customer.id, origin.ip, 'review', 'reviews.publish', origin.requestId],
      [customer.id, origin.ip, 'review', 'reviews.reject', origin.requestId],
      [admin.id, origin.ip, 'booking', 'reviews.submit', origin.requestId],
      [customer.id, origin.ip, 'service', 'reviews.moderation_queue', origin.requestId],
    ],
  );
  const [row] = await app.sequelize.query<{ status: string }>('SELECT status FROM reviews WHERE id = $1', {
    bind: [id],
    type: QueryTypes.SELECT,
  });
  t.is(row?.status, 'pending', 'nothing was decided');
});
