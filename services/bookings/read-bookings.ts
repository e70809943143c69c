import { Op, type WhereOptions } from 'sequelize';
import { bookingStateQuery } from './booking-saga';
import { personEvent } from '../../lib/audit';
import { errors } from '../../lib/errors';
import { assertCan, can, type Actor } from '../../lib/rbac';
import { bookingNotFound, bookingNotVisible, canSee } from './booking-access';
import { bookingDenialsAudited } from './booking-denials';
import { bookingView, passengerView, type BookingView } from './booking-view';
import type { BookingOrigin, BookingsDeps } from './deps';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `GET /api/v1/bookings/:id`: a booking the actor may see (else 404), passports masked. The
 * Stripe client secret (completes 3-D Secure) goes to the booker only: anyone else who may see
 * the booking (the company's BUSINESS_ADMIN) gets it with `clientSecret: null` (SEC-AUTHZ-03).
 */
export function getBooking(
  deps: BookingsDeps,
  actor: Actor,
  id: string,
  origin: BookingOrigin,
): Promise<BookingView> {
  const target = { action: 'bookings.read', ...(UUID.test(id) && { bookingId: id }) };
  return bookingDenialsAudited(deps, actor, origin, target, () => readBooking(deps, actor, id, origin));
}

async function readBooking(
  deps: BookingsDeps,
  actor: Actor,
  id: string,
  origin: BookingOrigin,
): Promise<BookingView> {
  assertCan(actor, 'view_own_bookings');
  const booking = UUID.test(id) ? await deps.models.Booking.findByPk(id) : null;
  if (!booking) throw bookingNotFound();
  if (!canSee(actor, booking)) throw bookingNotVisible();
  const passengers = await deps.models.BookingPassenger.findAll({
    where: { booking_id: booking.id },
    order: [['position', 'ASC']],
  });
  const view: BookingView = {
    ...bookingView(booking),
    passengers: passengers.map(passengerView),
    clientSecret: null,
  };
  const booker = booking.user_id === actor.id;
  // Staff reading someone else's booking (its passengers among it) is a staff action (SEC-LOG-03).
  if (!booker) {
    await deps.audit.append(
      personEvent(actor, origin, {
        type: 'admin.action',
        outcome: 'success',
        resource: { type: 'booking', id: booking.id },
        details: { action: 'booking.read' },
      }),
    );
  }
  if (booker && (booking.status === 'AWAITING_PAYMENT' || booking.status === 'HELD')) {
    try {
      const state = await deps.temporal.workflow.getHandle(booking.workflow_id).query(bookingStateQuery);
      view.clientSecret = state.clientSecret;
    } catch (err) {
      deps.logger.warn(
        { err, action: 'booking.state', result: 'failure', booking_id: booking.id },
        'no workflow state',
      );
    }
  }
  return view;
}

export interface BookingPage {
  bookings: BookingView[];
  nextCursor: string | null;
}

function encodeCursor(b: { createdAt: Date; id: string }): string {
  return Buffer.from(`${b.createdAt.toISOString()}|${b.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (Number.isNaN(createdAt.getTime()) || !id || !UUID.test(id))
    throw errors.validation('cursor is not valid');
  return { createdAt, id };
}

/**
 * `GET /api/v1/bookings`: newest first, by (created_at, id) keyset cursor. Own bookings; a
 * BUSINESS_ADMIN asking `scope=company` gets the company's (SEC-AUTHZ-03).
 */
export function listBookings(
  deps: BookingsDeps,
  actor: Actor,
  query: BookingListQuery,
  origin: BookingOrigin,
): Promise<BookingPage> {
  const action = query.scope === 'company' ? 'bookings.list_company' : 'bookings.list';
  return bookingDenialsAudited(deps, actor, origin, { action }, () => pageOfBookings(deps, actor, query));
}

interface BookingListQuery {
  scope?: 'own' | 'company';
  cursor?: string;
  limit: number;
}

async function pageOfBookings(
  deps: BookingsDeps,
  actor: Actor,
  query: BookingListQuery,
): Promise<BookingPage> {
  assertCan(actor, 'view_own_bookings');
  let where: WhereOptions = { user_id: actor.id };
  if (query.scope === 'company') {
    assertCan(actor, 'view_company_bookings');
    if (!actor.companyId) throw errors.accessDenied();
    where = { company_id: actor.companyId };
  }
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    where = {
      [Op.and]: [
        where,
        {
          [Op.or]: [
            { createdAt: { [Op.lt]: c.createdAt } },
            { createdAt: c.createdAt, id: { [Op.lt]: c.id } },
          ],
        },
      ],
    };
  }
  const rows = await deps.models.Booking.findAll({
    where,
    order: [
      ['createdAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit).filter((b) => canSee(actor, b) || can(actor, 'view_all_bookings'));
  const last = page.at(-1);
  return {
    bookings: page.map(bookingView),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}
