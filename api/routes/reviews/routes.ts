import {
  listReviews,
  markHelpful,
  moderationQueue,
  publishReview,
  rejectReview,
  reportReview,
  reviewBody,
  submitReview,
  type ReviewSort,
} from '../../../services/reviews';
import { byUserOrIp } from '../../middleware/rate-limit';
import { answer, defineRoute } from '../../routing';
import type { AppMiddleware } from '../../state';
import { bookingOriginOf } from '../bookings/bookings-api';
import type { RouteDeps } from '../deps';
import { idempotencyKeyHeader, uuidIdParams } from '../keyed-mutation-schemas';
import { needReviews } from './reviews-api';
import {
  EXAMPLE_PAGE,
  EXAMPLE_REVIEW,
  EXAMPLE_REVIEW_ID,
  helpfulAnswer,
  hotelParams,
  listQuery,
  publicPage,
  queueAnswer,
  reasonBody,
  reportAnswer,
  reviewAnswer,
  routeParams,
  queueQuery,
} from './schemas';

const KEY_ANSWERS = {
  422: answer.error('IDEMPOTENCY_KEY_MISMATCH: this key was used for another request.'),
};
const pageOf = (q: { sort?: ReviewSort; page?: string; limit?: string }) => ({
  sort: q.sort ?? 'newest',
  page: Number(q.page ?? 1),
  limit: Number(q.limit ?? 20),
});
const PAGE_ANSWER = answer.json('A page of published reviews with their average.', publicPage, EXAMPLE_PAGE);

/**
 * Reviews (issue 18.1): the booker reviews an ended stay or a departed flight (Idempotency-Key,
 * 10 a day per user); moderators (`moderate_reviews`) publish or reject, from a queue; anyone
 * signed in reports a published review or marks it helpful; anyone reads a hotel's or a route's
 * published reviews.
 */
export function reviewRoutes(deps: RouteDeps) {
  const api = deps.reviews;
  const submitMiddleware: AppMiddleware[] = api
    ? [api.rateLimit('reviews', byUserOrIp) as AppMiddleware, api.idempotency]
    : [];
  const keyed: AppMiddleware[] = api ? [api.idempotency] : [];
  // Where a submitted review's id is taken: the operations on one review (issue 16, fuzzing).
  const reviewLinks = (id: string) => ({
    PublishReview: { method: 'POST' as const, path: '/api/v1/reviews/:id/publish', parameters: { id } },
    RejectReview: { method: 'POST' as const, path: '/api/v1/reviews/:id/reject', parameters: { id } },
    ReportReview: { method: 'POST' as const, path: '/api/v1/reviews/:id/reports', parameters: { id } },
    MarkHelpful: { method: 'PUT' as const, path: '/api/v1/reviews/:id/helpful', parameters: { id } },
  });
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/bookings/:id/review',
      summary: 'Review my ended stay or departed flight (requires Idempotency-Key)',
      description:
        'A CONFIRMED booking of the caller whose check-out day has passed (hotel) or which has departed ' +
        '(flight). Hotel stays also rate cleanliness, location, service and value. Title and text are ' +
        'plain text: markup (`<`, `>`) is refused. The review waits for moderation.',
      tag: 'reviews',
      permission: 'write_review',
      params: uuidIdParams,
      headers: idempotencyKeyHeader('A new UUID per review'),
      body: reviewBody.description(
        'overall 1-5; categories (cleanliness, location, service, value, each 1-5) for a hotel stay only; ' +
          'title one line of at most 120 characters, text at most 2,000; both plain text without markup.',
      ),
      middleware: submitMiddleware,
      links: { 201: reviewLinks('$response.body#/id') },
      responses: {
        201: answer.json('Accepted for moderation (pending).', reviewAnswer, EXAMPLE_REVIEW),
        404: answer.error('No such booking of the caller (NOT_FOUND).'),
        409: answer.error(
          'REVIEW_EXISTS (one review per booking), REVIEW_NOT_YET_OPEN (the stay or flight is not over), ' +
            'BOOKING_NOT_REVIEWABLE (not confirmed), or IDEMPOTENCY_KEY_IN_FLIGHT.',
        ),
        429: answer.error('RATE_LIMITED: 10 reviews a day per user; Retry-After says when.'),
        ...KEY_ANSWERS,
      },
      async handler(ctx) {
        ctx.body = await submitReview(
          needReviews(api).reviews,
          ctx.state.actor,
          ctx.state.input.params.id,
          ctx.state.input.body,
          bookingOriginOf(ctx),
        );
        ctx.status = 201;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/reviews/moderation',
      summary: 'The moderation queue: pending reviews, or published ones with open abuse reports',
      tag: 'reviews',
      permission: 'moderate_reviews',
      query: queueQuery,
      responses: {
        200: answer.json('Oldest first, at most 100.', queueAnswer, {
          reviews: [
            {
              ...EXAMPLE_REVIEW,
              openReports: { spam: 1, offensive: 0, off_topic: 0, personal_data: 0, fake: 0, other: 0 },
            },
          ],
        }),
      },
      async handler(ctx) {
        ctx.body = {
          reviews: await moderationQueue(
            needReviews(api).reviews,
            ctx.state.actor,
            ctx.state.input.query.queue,
            bookingOriginOf(ctx),
          ),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/reviews/:id/publish',
      summary: 'Publish a pending review, or keep a reported one (requires Idempotency-Key)',
      tag: 'reviews',
      permission: 'moderate_reviews',
      params: uuidIdParams,
      headers: idempotencyKeyHeader('A new UUID per decision'),
      middleware: keyed,
      responses: {
        200: answer.json('Published; a hotel’s rating in search includes it.', reviewAnswer, {
          ...EXAMPLE_REVIEW,
          status: 'published',
          publishedAt: '2026-12-06T08:00:00.000Z',
        }),
        404: answer.error('No such review (NOT_FOUND).'),
        409: answer.error(
          'REVIEW_NOT_PENDING: already decided, nothing reported; or IDEMPOTENCY_KEY_IN_FLIGHT.',
        ),
        ...KEY_ANSWERS,
      },
      async handler(ctx) {
        ctx.body = await publishReview(
          needReviews(api).reviews,
          ctx.state.actor,
          ctx.state.input.params.id,
          bookingOriginOf(ctx),
        );
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/reviews/:id/reject',
      summary:
        'Reject a pending review or take down a published one, with a reason code (requires Idempotency-Key)',
      tag: 'reviews',
      permission: 'moderate_reviews',
      params: uuidIdParams,
      headers: idempotencyKeyHeader('A new UUID per decision'),
      body: reasonBody,
      middleware: keyed,
      responses: {
        200: answer.json('Rejected; a hotel’s rating in search no longer includes it.', reviewAnswer, {
          ...EXAMPLE_REVIEW,
          status: 'rejected',
          rejectionReason: 'offensive',
        }),
        404: answer.error('No such review (NOT_FOUND).'),
        409: answer.error('REVIEW_NOT_PENDING: already rejected; or IDEMPOTENCY_KEY_IN_FLIGHT.'),
        ...KEY_ANSWERS,
      },
      async handler(ctx) {
        ctx.body = await rejectReview(
          needReviews(api).reviews,
          ctx.state.actor,
          ctx.state.input.params.id,
          ctx.state.input.body.reason,
          bookingOriginOf(ctx),
        );
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/reviews/:id/reports',
      summary: 'Report a published review for abuse, with a reason code (requires Idempotency-Key)',
      tag: 'reviews',
      permission: 'authenticated',
      params: uuidIdParams,
      headers: idempotencyKeyHeader('A new UUID per report'),
      body: reasonBody,
      middleware: keyed,
      responses: {
        202: answer.json('Queued for moderation.', reportAnswer, {
          reportId: EXAMPLE_REVIEW_ID,
          reviewId: EXAMPLE_REVIEW_ID,
          reason: 'spam',
          status: 'open',
        }),
        404: answer.error('No such published review (NOT_FOUND).'),
        409: answer.error(
          'REVIEW_ALREADY_REPORTED: one report per user per review; or IDEMPOTENCY_KEY_IN_FLIGHT.',
        ),
        ...KEY_ANSWERS,
      },
      async handler(ctx) {
        ctx.body = await reportReview(
          needReviews(api).reviews,
          ctx.state.actor,
          ctx.state.input.params.id,
          ctx.state.input.body.reason,
          bookingOriginOf(ctx),
        );
        ctx.status = 202;
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/reviews/:id/helpful',
      summary: 'Mark a published review helpful (once per user; a repeat changes nothing)',
      tag: 'reviews',
      permission: 'authenticated',
      params: uuidIdParams,
      responses: {
        200: answer.json('The review’s helpful votes.', helpfulAnswer, {
          reviewId: EXAMPLE_REVIEW_ID,
          helpfulCount: 3,
        }),
        404: answer.error('No such published review (NOT_FOUND).'),
        409: answer.error('OWN_REVIEW: not one’s own review.'),
      },
      async handler(ctx) {
        ctx.body = await markHelpful(needReviews(api).reviews, ctx.state.actor, ctx.state.input.params.id);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/hotels/:hotelId/reviews',
      summary: 'A hotel’s published reviews, newest or most helpful first',
      tag: 'reviews',
      permission: 'public',
      params: hotelParams,
      query: listQuery,
      responses: { 200: PAGE_ANSWER },
      async handler(ctx) {
        const { hotelId } = ctx.state.input.params;
        ctx.body = await listReviews(needReviews(api).reviews, { hotelId }, pageOf(ctx.state.input.query));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/flight-routes/:origin/:destination/reviews',
      summary: 'A flight route’s published reviews, newest or most helpful first',
      tag: 'reviews',
      permission: 'public',
      params: routeParams,
      query: listQuery,
      responses: { 200: PAGE_ANSWER },
      async handler(ctx) {
        const { origin, destination } = ctx.state.input.params;
        ctx.body = await listReviews(
          needReviews(api).reviews,
          { origin, destination },
          pageOf(ctx.state.input.query),
        );
      },
    }),
  ];
}
