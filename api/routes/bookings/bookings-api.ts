import type { Context } from 'koa';
import type { BookingOrigin, BookingsDeps } from '../../../services/bookings';
import { errors } from '../../../lib/errors';
import type { createRateLimit } from '../../middleware/rate-limit';
import type { AppMiddleware } from '../../state';

/** What the booking routes are built from: the booking services, the named limits, idempotency. */
export interface BookingsApi {
  bookings: BookingsDeps;
  rateLimit: ReturnType<typeof createRateLimit>;
  /** SEC-IDEM-01's middleware over the process's idempotency store. */
  idempotency: AppMiddleware;
}

/** Apps built without bookings (some tests) still list the routes; using one answers 503. */
export function needBookings(api: BookingsApi | undefined): BookingsApi {
  if (!api) throw errors.unavailable();
  return api;
}

/** Where the request came from (SEC-VAL-09's client IP and the request id), for the audit events. */
export function bookingOriginOf(ctx: Pick<Context, 'state'>): BookingOrigin {
  const ip: unknown = ctx.state.clientIp;
  const requestId: unknown = ctx.state.requestId;
  return {
    ip: typeof ip === 'string' ? ip : '0.0.0.0',
    ...(typeof requestId === 'string' && { requestId }),
  };
}
