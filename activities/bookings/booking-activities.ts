import type { Sequelize } from 'sequelize';
import { createRecordBookingStatus } from './record-status';

/** The booking-state activities (notify pool: the database and the PII key for the outbox). */
export function createBookingActivities(deps: { sequelize: Sequelize }) {
  return { recordBookingStatus: createRecordBookingStatus(deps) };
}

export type BookingActivities = ReturnType<typeof createBookingActivities>;
export type { RecordBookingStatus, RecordedBookingStatus } from './record-status';
