import { randomUUID } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { bookingModels } from '../../../db/models/booking-models';

/**
 * A FAILED booking row of `userId`, with no workflow behind it: a route that reaches it answers
 * 409 from the booking's own state, which the authorization matrix and the route tests count as
 * "reached".
 */
export async function plantedBooking(
  sequelize: Sequelize,
  userId: string,
  companyId: string | null,
): Promise<string> {
  const key = randomUUID();
  const booking = await bookingModels(sequelize).Booking.create({
    user_id: userId,
    company_id: companyId,
    idempotency_key: key,
    workflow_id: `booking-${userId}-${key}`,
    status: 'FAILED',
    kind: 'hotel',
    supplier: 'hotel',
    amount_minor: 10_000,
    currency: 'EUR',
    details: {},
    failure_reason: 'matrix_fixture',
  });
  return booking.id;
}
