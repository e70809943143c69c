import * as yup from 'yup';
import { confirmBookingChange, offerBookingChange } from '../../../services/bookings/change-booking';
import { bookingChangeBody } from '../../../services/bookings/change-input';
import { byUserOrIp } from '../../middleware/rate-limit';
import { answer, defineRoute } from '../../routing';
import type { AppMiddleware } from '../../state';
import type { RouteDeps } from '../deps';
import { idempotencyKeyHeader, uuidIdParams } from '../keyed-mutation-schemas';
import { bookingOriginOf, needBookings } from './bookings-api';
import { changeOffer, changeResult, EXAMPLE_CHANGE_OFFER, EXAMPLE_ID } from './schemas';

const offerParams = yup.object({
  id: yup.string().strict().uuid().required(),
  offerId: yup.string().strict().uuid().required(),
});
const CONFLICTS =
  'BOOKING_NOT_CHANGEABLE (not confirmed, started, or a change under way), OFFER_SUPERSEDED, ' +
  'OFFER_EXPIRED, OFFER_UNAVAILABLE, CHANGE_FAILED (undone: the booking is unchanged), or ' +
  'IDEMPOTENCY_KEY_IN_FLIGHT.';

/**
 * Booking changes (issue 18.2, Duffel's order changes): ask for a priced offer, then confirm the
 * latest one before it expires. Both carry an Idempotency-Key and count against the booker's 10
 * changes an hour (seed 001).
 */
export function bookingChangeRoutes(deps: RouteDeps) {
  const api = deps.bookings;
  const middleware: AppMiddleware[] = api
    ? [api.rateLimit('bookingChanges', byUserOrIp) as AppMiddleware, api.idempotency]
    : [];
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/bookings/:id/change-offers',
      summary: 'Price a change of a confirmed booking: new dates, rooms or guests, or another flight',
      tag: 'bookings',
      permission: 'book',
      params: uuidIdParams,
      headers: idempotencyKeyHeader('A new UUID per offer'),
      body: bookingChangeBody,
      middleware,
      links: {
        201: {
          ConfirmChange: {
            method: 'POST' as const,
            path: '/api/v1/bookings/:id/change-offers/:offerId/confirm',
            parameters: { id: '$response.body#/bookingId', offerId: '$response.body#/offerId' },
          },
        },
      },
      responses: {
        201: answer.json('The offer; it supersedes every older one.', changeOffer, EXAMPLE_CHANGE_OFFER),
        404: answer.error('No such booking of the caller (NOT_FOUND).'),
        409: answer.error(CONFLICTS),
        422: answer.error('IDEMPOTENCY_KEY_MISMATCH: this key was used for another request.'),
      },
      async handler(ctx) {
        ctx.body = await offerBookingChange(
          needBookings(api).bookings,
          ctx.state.actor,
          ctx.state.input.params.id,
          ctx.state.input.body,
          bookingOriginOf(ctx),
        );
        ctx.status = 201;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/bookings/:id/change-offers/:offerId/confirm',
      summary: 'Make the latest change offer: the new inventory held, the difference charged or refunded',
      tag: 'bookings',
      permission: 'book',
      params: offerParams,
      headers: idempotencyKeyHeader('A new UUID per confirmation'),
      middleware,
      responses: {
        200: answer.json('Changed.', changeResult, {
          id: EXAMPLE_ID,
          offerId: EXAMPLE_CHANGE_OFFER.offerId,
          status: 'CHANGED',
          failureReason: null,
          differenceMinor: EXAMPLE_CHANGE_OFFER.differenceMinor,
        }),
        404: answer.error('No such booking of the caller (NOT_FOUND).'),
        409: answer.error(CONFLICTS),
        422: answer.error('IDEMPOTENCY_KEY_MISMATCH: this key was used for another request.'),
      },
      async handler(ctx) {
        ctx.body = await confirmBookingChange(
          needBookings(api).bookings,
          ctx.state.actor,
          ctx.state.input.params.id,
          ctx.state.input.params.offerId,
          bookingOriginOf(ctx),
        );
      },
    }),
  ];
}
