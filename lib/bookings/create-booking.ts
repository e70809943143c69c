import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { UniqueConstraintError } from 'sequelize';
import type { SupplierItem } from '../../activities/suppliers/activities';
import type { Booking } from '../../db/models/booking';
import { keyringOf } from '../../db/encrypted';
import type { BookingWorkflowInput } from '../../workflows/booking/messages';
import { BOOKING_ID, BOOKING_STATUS, CUSTOMER_ID } from '../../workflows/platform/search-attributes';
import { newAuditEvent } from '../audit';
import { AppError, errors } from '../errors';
import { assertCan, type Actor } from '../rbac';
import { businessKeyStart } from '../temporal/start-options';
import { minorUnits, type CreateBookingBody } from './booking-input';
import { statusUrlOf } from './booking-view';
import type { BookingOrigin, BookingsDeps } from './deps';
import { refuseIfPaymentsBlocked } from './payment-block';
import { bookingWorkflowId } from './workflow-id';

export interface BookingAccepted {
  id: string;
  status: string;
  statusUrl: string;
}

function supplierItem(body: CreateBookingBody): SupplierItem {
  if (body.kind === 'hotel' && body.hotel) {
    const { hotelId, roomType, checkIn, checkOut, rooms } = body.hotel;
    return { supplier: 'hotel', item: { hotelId, roomType, checkIn, checkOut, rooms } };
  }
  if (body.kind === 'flight' && body.flight) {
    return { supplier: 'flight', item: { flightId: body.flight.flightId, seats: body.flight.seats } };
  }
  throw errors.validation('give the details of the booked kind');
}

async function writeBooking(
  deps: BookingsDeps,
  actor: Actor,
  body: CreateBookingBody,
  idempotencyKey: string,
  companyId: string | null,
): Promise<Booking> {
  const { Booking, BookingPassenger } = deps.models;
  const sequelize = Booking.sequelize!;
  // The passengers are encrypted under the booker's key, which the keyring reads (or creates) on
  // a connection of its own. Fetched inside the transaction, every concurrent booking would hold
  // one connection while waiting for a second: beyond the pool's size none proceeds (crash test).
  await keyringOf(sequelize).userKey(actor.id, { create: true });
  return sequelize.transaction(async (transaction) => {
    const booking = await Booking.create(
      {
        id: randomUUID(),
        user_id: actor.id,
        company_id: companyId,
        idempotency_key: idempotencyKey,
        workflow_id: bookingWorkflowId(actor.id, idempotencyKey),
        kind: body.kind,
        supplier: body.kind,
        amount_minor: minorUnits(body.amount),
        currency: body.currency,
        details: body.kind === 'hotel' ? { ...body.hotel } : { ...body.flight },
        notes: body.notes ?? null,
      },
      { transaction },
    );
    for (const [position, p] of body.passengers.entries()) {
      await BookingPassenger.create(
        {
          booking_id: booking.id,
          user_id: actor.id,
          position,
          first_name: p.firstName,
          last_name: p.lastName,
          date_of_birth: p.dateOfBirth,
          passport_number: p.passportNumber ?? null,
        },
        { transaction },
      );
    }
    return booking;
  });
}

async function startSaga(
  deps: BookingsDeps,
  actor: Actor,
  booking: Booking,
  body: CreateBookingBody,
  item: SupplierItem,
) {
  const t = deps.timeouts;
  const input: BookingWorkflowInput = {
    bookingId: booking.id,
    actor: { id: actor.id, role: actor.role, ...(actor.companyId && { companyId: actor.companyId }) },
    item,
    amountMinor: booking.amount_minor,
    currency: booking.currency,
    paymentMethodId: body.paymentMethodId,
    queues: { suppliers: deps.queues.suppliers, payments: deps.queues.payments, notify: deps.queues.notify },
    timeouts: {
      paymentWaitMs: t.paymentWaitSeconds * 1000,
      paymentPollMs: t.paymentPollSeconds * 1000,
      holdTtlSeconds: t.holdTtlSeconds,
      cancelWindowMs: t.cancelWindowSeconds * 1000,
    },
  };
  try {
    await deps.temporal.workflow.start('bookingWorkflow', {
      taskQueue: deps.queues.booking,
      workflowId: booking.workflow_id,
      ...businessKeyStart,
      typedSearchAttributes: [
        { key: BOOKING_ID, value: booking.id },
        { key: CUSTOMER_ID, value: actor.id },
        { key: BOOKING_STATUS, value: 'PENDING' },
      ],
      args: [input],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return;
    throw err;
  }
}

/**
 * `POST /api/v1/bookings`: the booker must hold `book`, a verified email (SEC-AUTH-07) and
 * payments that are not blocked after repeated declines (SEC-PAY-06). The
 * PENDING booking and its passengers are written in one transaction, then the saga starts under
 * the (user, key) workflow id (SEC-IDEM-02). A repeated key finds its booking by the unique
 * (user_id, idempotency_key), never a second one. When the workflow cannot be started the row
 * is taken back, so nothing half-done remains and the client may retry with the same key.
 */
export async function createBooking(
  deps: BookingsDeps,
  actor: Actor,
  body: CreateBookingBody,
  idempotencyKey: string,
  origin: BookingOrigin,
): Promise<BookingAccepted> {
  assertCan(actor, 'book');
  const user = await deps.identity.User.findByPk(actor.id, {
    attributes: ['id', 'company_id', 'email_verified_at'],
  });
  if (!user?.email_verified_at)
    throw new AppError(403, 'EMAIL_NOT_VERIFIED', 'Verify your email address first');
  const item = supplierItem(body);
  const { Booking } = deps.models;
  const key = idempotencyKey.toLowerCase();
  let booking = await Booking.findOne({ where: { user_id: actor.id, idempotency_key: key } });
  if (!booking) {
    await refuseIfPaymentsBlocked(deps, actor, origin);
    try {
      booking = await writeBooking(deps, actor, body, key, user.company_id);
    } catch (err) {
      if (!(err instanceof UniqueConstraintError)) throw err;
      booking = await Booking.findOne({ where: { user_id: actor.id, idempotency_key: key } });
      if (!booking) throw err;
    }
    try {
      await startSaga(deps, actor, booking, body, item);
    } catch (err) {
      deps.logger.error(
        { err, action: 'booking.start', result: 'failure', booking_id: booking.id },
        'saga not started',
      );
      await booking.destroy();
      throw errors.unavailable();
    }
    await deps.audit.append(
      newAuditEvent({
        type: 'booking.created',
        actor: { type: 'user', id: actor.id },
        outcome: 'success',
        originIp: origin.ip,
        resource: { type: 'booking', id: booking.id },
        details: {
          kind: booking.kind,
          amountMinor: booking.amount_minor,
          currency: booking.currency,
          workflowId: booking.workflow_id,
          ...(origin.requestId && { requestId: origin.requestId }),
        },
      }),
    );
  }
  return { id: booking.id, status: booking.status, statusUrl: statusUrlOf(booking.id) };
}
