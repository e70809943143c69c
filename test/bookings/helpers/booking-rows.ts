import { randomUUID } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { bookingModels } from '../../../db/models/booking-models';

/**
 * A bare booking row of `userId` (a FAILED flight booking, no passengers, no workflow): what a
 * payment, decline or block fixture hangs on. Returns the booking id.
 */
export async function plantBookingRow(sequelize: Sequelize, userId: string): Promise<string> {
  const key = randomUUID();
  const booking = await bookingModels(sequelize).Booking.create({
    user_id: userId,
    idempotency_key: key,
    workflow_id: `booking-${userId}-${key}`,
    status: 'FAILED',
    kind: 'flight',
    supplier: 'flight',
    amount_minor: 10_000,
    currency: 'EUR',
    details: {},
  });
  return booking.id;
}
