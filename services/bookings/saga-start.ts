import type { WorkflowStartOptions } from '@temporalio/client';
import { errors } from '../../lib/errors';
import type { Actor } from '../../lib/rbac';
import { businessKeyStart } from '../../lib/temporal/start-options';
import { BOOKING_ID, BOOKING_STATUS, CUSTOMER_ID } from '../../lib/temporal/search-attributes';
import type { CreateBookingBody } from './booking-input';
import type { BookingWorkflowInput, SupplierItem } from './booking-saga';
import type { BookingsDeps } from './deps';

/** What of a booking row the saga's start is made from. */
export interface SagaStartRow {
  id: string;
  amount_minor: number;
  currency: string;
  workflow_id: string;
}

export function supplierItem(body: CreateBookingBody): SupplierItem {
  if (body.kind === 'hotel' && body.hotel) {
    const { hotelId, roomType, checkIn, checkOut, rooms } = body.hotel;
    return { supplier: 'hotel', item: { hotelId, roomType, checkIn, checkOut, rooms } };
  }
  if (body.kind === 'flight' && body.flight) {
    return { supplier: 'flight', item: { flightId: body.flight.flightId, seats: body.flight.seats } };
  }
  throw errors.validation('give the details of the booked kind');
}

/**
 * The booking saga's start: its input, queue, business-key id policy (SEC-IDEM-02) and search
 * attributes. One place, so bench/booking's bare-start ceiling starts exactly what an accept starts.
 */
export function bookingSagaStart(
  deps: Pick<BookingsDeps, 'queues' | 'timeouts'>,
  actor: Actor,
  booking: SagaStartRow,
  body: CreateBookingBody,
  item: SupplierItem,
): WorkflowStartOptions<(input: BookingWorkflowInput) => Promise<unknown>> {
  const t = deps.timeouts;
  const input: BookingWorkflowInput = {
    bookingId: booking.id,
    actor: { id: actor.id, role: actor.role, ...(actor.companyId && { companyId: actor.companyId }) },
    item,
    amountMinor: booking.amount_minor,
    currency: booking.currency,
    paymentMethodId: body.paymentMethodId,
    queues: {
      bookings: deps.queues.bookings,
      suppliers: deps.queues.suppliers,
      payments: deps.queues.payments,
      notify: deps.queues.notify,
    },
    timeouts: {
      paymentWaitMs: t.paymentWaitSeconds * 1000,
      paymentPollMs: t.paymentPollSeconds * 1000,
      holdTtlSeconds: t.holdTtlSeconds,
      cancelWindowMs: t.cancelWindowSeconds * 1000,
      authorisationValidityMs: t.authorisationValiditySeconds * 1000,
      captureMarginMs: t.captureMarginSeconds * 1000,
    },
  };
  return {
    taskQueue: deps.queues.bookings,
    workflowId: booking.workflow_id,
    ...businessKeyStart,
    typedSearchAttributes: [
      { key: BOOKING_ID, value: booking.id },
      { key: CUSTOMER_ID, value: actor.id },
      { key: BOOKING_STATUS, value: 'PENDING' },
    ],
    args: [input],
  };
}
