import * as yup from 'yup';
import {
  cancelBooking,
  confirmCancellationQuote,
  createBooking,
  createBookingBody,
  getBooking,
  listBookings,
  quoteCancellation,
} from '../../../services/bookings';
import { idempotencyKeyOf } from '../../middleware/idempotency';
import { byUserOrIp } from '../../middleware/rate-limit';
import { answer, defineRoute } from '../../routing';
import type { AppMiddleware } from '../../state';
import type { RouteDeps } from '../deps';
import { idempotencyKeyHeader, uuidIdParams } from '../keyed-mutation-schemas';
import { bookingOriginOf, needBookings } from './bookings-api';
import { bookingChangeRoutes } from './change-routes';
import {
  accepted,
  bookingAnswer,
  bookingPage,
  cancellationQuote,
  cancelled,
  EXAMPLE_BOOKING,
  EXAMPLE_ID,
  EXAMPLE_QUOTE,
} from './schemas';

const idempotencyHeader = idempotencyKeyHeader('A new UUID per booking');
const BODY_RULES =
  'Between fields: `hotel` with kind hotel, `flight` with kind flight, never both; a stay is 1 to ' +
  '30 nights from a checkIn today or later; a flight departs today or later, returns after it ' +
  'departs, goes between two different airports, books one seat per passenger, and every ' +
  'passenger has a passportNumber; passengers are born before today. `amount` and `currency` ' +
  'must be the supplier’s current price, or the booking fails with price_changed.';
/**
 * Where the id of a booking, created or read, is taken: every operation on one booking, so the
 * fuzzer's stateful phase reaches each with a booking of the caller's own (issue 16).
 */
const bookingLinks = (id: string) => ({
  GetBooking: { method: 'GET' as const, path: '/api/v1/bookings/:id', parameters: { id } },
  CancelBooking: { method: 'POST' as const, path: '/api/v1/bookings/:id/cancel', parameters: { id } },
  QuoteCancellation: {
    method: 'POST' as const,
    path: '/api/v1/bookings/:id/cancellation-quotes',
    parameters: { id },
  },
  OfferChange: { method: 'POST' as const, path: '/api/v1/bookings/:id/change-offers', parameters: { id } },
  RequestRefund: { method: 'POST' as const, path: '/api/v1/bookings/:id/refunds', parameters: { id } },
  ReviewBooking: { method: 'POST' as const, path: '/api/v1/bookings/:id/review', parameters: { id } },
});
const quoteParams = yup.object({
  id: yup.string().strict().uuid().required(),
  quoteId: yup.string().strict().uuid().required(),
});
const QUOTE_CONFLICTS =
  'BOOKING_NOT_CANCELLABLE (not confirmed, or started), QUOTE_SUPERSEDED (a newer quote exists), ' +
  'QUOTE_EXPIRED, QUOTE_NOT_OPEN (already confirmed), or IDEMPOTENCY_KEY_IN_FLIGHT.';

/**
 * The booking routes (issue 8): create (idempotent, 10 / h per user and, as a payment attempt,
 * 5 / 15 min per user), read, list, cancel; cancellation quotes; changes (change-routes.ts).
 */
export function bookingRoutes(deps: RouteDeps) {
  const api = deps.bookings;
  const createMiddleware: AppMiddleware[] = api
    ? [
        // A booking is also a payment attempt: SEC-PAY-06's 5 / 15 min per user, failing closed.
        api.rateLimit(['bookings', 'payments'], byUserOrIp) as AppMiddleware,
        api.idempotency,
      ]
    : [];
  const keyedMiddleware: AppMiddleware[] = api ? [api.idempotency] : [];
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/bookings',
      summary: 'Book a hotel stay or a flight (requires Idempotency-Key)',
      tag: 'bookings',
      permission: 'book',
      headers: idempotencyHeader,
      body: createBookingBody.description(BODY_RULES),
      middleware: createMiddleware,
      links: { 202: bookingLinks('$response.body#/id') },
      responses: {
        202: answer.json('Accepted: the booking saga runs; poll the status URL.', accepted, {
          id: EXAMPLE_ID,
          status: 'PENDING',
          statusUrl: `/api/v1/bookings/${EXAMPLE_ID}`,
        }),
        403: answer.error('EMAIL_NOT_VERIFIED: verify the email address first.'),
        409: answer.error('IDEMPOTENCY_KEY_IN_FLIGHT: the first request with this key is still running.'),
        429: answer.error(
          'RATE_LIMITED (bookings or payment attempts), or PAYMENTS_BLOCKED after repeated declines; Retry-After says when.',
        ),
        422: answer.error('IDEMPOTENCY_KEY_MISMATCH: this key was used for another request.'),
      },
      async handler(ctx) {
        const result = await createBooking(
          needBookings(api).bookings,
          ctx.state.actor,
          ctx.state.input.body,
          idempotencyKeyOf(ctx),
          bookingOriginOf(ctx),
        );
        ctx.status = 202;
        ctx.set('Location', result.statusUrl);
        ctx.body = result;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/bookings',
      summary: 'My bookings, or my company’s for business admins (scope=company), newest first',
      tag: 'bookings',
      permission: 'view_own_bookings',
      query: yup.object({
        scope: yup
          .string()
          .strict()
          .oneOf(['own', 'company'] as const)
          .optional(),
        cursor: yup
          .string()
          .strict()
          .max(200)
          .matches(/^[A-Za-z0-9_-]+$/)
          .optional(),
        limit: yup
          .string()
          .strict()
          .matches(/^([1-9]|[1-4][0-9]|50)$/, 'limit must be 1 to 50')
          .optional(),
      }),
      links: { 200: bookingLinks('$response.body#/bookings/0/id') },
      responses: {
        200: answer.json('One page of bookings.', bookingPage, {
          bookings: [EXAMPLE_BOOKING],
          nextCursor: null,
        }),
      },
      async handler(ctx) {
        const { scope, cursor, limit } = ctx.state.input.query;
        ctx.body = await listBookings(
          needBookings(api).bookings,
          ctx.state.actor,
          { scope, cursor, limit: limit ? Number(limit) : 20 },
          bookingOriginOf(ctx),
        );
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/bookings/:id',
      summary: 'One booking with its status; passports masked',
      tag: 'bookings',
      permission: 'view_own_bookings',
      params: uuidIdParams,
      links: { 200: { CancelBooking: bookingLinks('$response.body#/id').CancelBooking } },
      responses: {
        200: answer.json('The booking.', bookingAnswer, {
          ...EXAMPLE_BOOKING,
          passengers: [],
          clientSecret: null,
        }),
        404: answer.error('No such booking of the caller (NOT_FOUND).'),
      },
      async handler(ctx) {
        ctx.body = await getBooking(
          needBookings(api).bookings,
          ctx.state.actor,
          ctx.state.input.params.id,
          bookingOriginOf(ctx),
        );
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/bookings/:id/cancel',
      summary: 'Cancel a booking; refunds what the supplier’s rules allow',
      tag: 'bookings',
      permission: 'cancel_booking',
      params: uuidIdParams,
      responses: {
        200: answer.json('Cancelled.', cancelled, {
          id: EXAMPLE_ID,
          status: 'CANCELLED',
          refundedMinor: 24_990,
        }),
        404: answer.error('No such booking of the caller (NOT_FOUND).'),
        409: answer.error('BOOKING_NOT_CANCELLABLE: the booking can no longer be cancelled.'),
      },
      async handler(ctx) {
        ctx.body = await cancelBooking(
          needBookings(api).bookings,
          ctx.state.actor,
          ctx.state.input.params.id,
          bookingOriginOf(ctx),
        );
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/bookings/:id/cancellation-quotes',
      summary: 'Price a cancellation on the booking’s terms: the refund, and until when it holds',
      tag: 'bookings',
      permission: 'cancel_booking',
      params: uuidIdParams,
      headers: idempotencyKeyHeader('A new UUID per quote'),
      middleware: keyedMiddleware,
      links: {
        201: {
          ConfirmQuote: {
            method: 'POST' as const,
            path: '/api/v1/bookings/:id/cancellation-quotes/:quoteId/confirm',
            parameters: { id: '$response.body#/bookingId', quoteId: '$response.body#/id' },
          },
        },
      },
      responses: {
        201: answer.json('The quote; it supersedes every older one.', cancellationQuote, EXAMPLE_QUOTE),
        404: answer.error('No such booking of the caller (NOT_FOUND).'),
        409: answer.error(QUOTE_CONFLICTS),
        422: answer.error('IDEMPOTENCY_KEY_MISMATCH: this key was used for another request.'),
      },
      async handler(ctx) {
        ctx.body = await quoteCancellation(
          needBookings(api).bookings,
          ctx.state.actor,
          ctx.state.input.params.id,
          bookingOriginOf(ctx),
        );
        ctx.status = 201;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/bookings/:id/cancellation-quotes/:quoteId/confirm',
      summary: 'Cancel at the quoted refund: the booking’s latest quote, before it expires',
      tag: 'bookings',
      permission: 'cancel_booking',
      params: quoteParams,
      headers: idempotencyKeyHeader('A new UUID per confirmation'),
      middleware: keyedMiddleware,
      responses: {
        200: answer.json('Cancelled; refundedMinor is the quoted refund.', cancelled, {
          id: EXAMPLE_ID,
          status: 'CANCELLED',
          refundedMinor: 12_495,
        }),
        404: answer.error('No such booking of the caller, or no such quote of it (NOT_FOUND).'),
        409: answer.error(QUOTE_CONFLICTS),
        422: answer.error('IDEMPOTENCY_KEY_MISMATCH: this key was used for another request.'),
      },
      async handler(ctx) {
        ctx.body = await confirmCancellationQuote(
          needBookings(api).bookings,
          ctx.state.actor,
          ctx.state.input.params.id,
          ctx.state.input.params.quoteId,
          bookingOriginOf(ctx),
        );
      },
    }),
    ...bookingChangeRoutes(deps),
  ];
}
