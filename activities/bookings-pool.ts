import type { Sequelize } from 'sequelize';
import { createBookingActivities } from './bookings/booking-activities';
import { ping } from './health/health-activities';
import { createRecordRefundStatus } from './bookings/record-refund-status';

export interface BookingsPoolDeps {
  /** The app role: the booking row and its outbox email are written in one transaction. */
  sequelize: Sequelize;
}

/**
 * Everything the bookings pool registers besides its workflow code (workers/bookings.ts): the
 * booking's own row (status, supplier references, the customer's email in the outbox), the refund
 * request's status and a ping.
 * The saga proxies exactly this type, so a step it calls is one the pool runs.
 */
export function createBookingsPoolActivities({ sequelize }: BookingsPoolDeps) {
  return {
    ping,
    ...createBookingActivities({ sequelize }),
    recordRefundStatus: createRecordRefundStatus({ sequelize }),
  };
}

export type BookingsPoolActivities = ReturnType<typeof createBookingsPoolActivities>;
