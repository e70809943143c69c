import type { Sequelize } from 'sequelize';
import { createRecordBookingChange } from './record-change';
import { createRecordBookingStatus } from './record-status';

/** The booking row's own activities (bookings pool): status, supplier references, outbox email. */
export function createBookingActivities(deps: { sequelize: Sequelize }) {
  return {
    recordBookingStatus: createRecordBookingStatus(deps),
    recordBookingChange: createRecordBookingChange(deps),
  };
}

export type BookingActivities = ReturnType<typeof createBookingActivities>;
export type { RecordBookingStatus, RecordedBookingStatus } from './record-status';
export type { RecordBookingChange } from './record-change';
