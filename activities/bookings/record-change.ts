import { ApplicationFailure } from '@temporalio/common';
import type { Sequelize } from 'sequelize';
import { bookingModels } from '../../db/models/booking-models';
import { isCancellationPolicy, type CancellationPolicy } from '../../services/bookings/cancellation-policy';

export interface RecordBookingChange {
  bookingId: string;
  /** The booking's new allowlisted details, as the change service built them from the offer. */
  details: Record<string, string | number>;
  amountMinor: number;
  holdId: string;
  confirmation: string | null;
  startsAt: string;
  cancellationPolicy: CancellationPolicy;
}

const invalid = (why: string) => ApplicationFailure.nonRetryable(why, 'InvalidInput');

/**
 * `recordBookingChange` (bookings pool, issue 18.2): the CONFIRMED booking's row takes the
 * accepted change (details, amount, the new hold, its terms) in one write. Safe to repeat.
 */
export function createRecordBookingChange({ sequelize }: { sequelize: Sequelize }) {
  const { Booking } = bookingModels(sequelize);
  return async function recordBookingChange(input: RecordBookingChange): Promise<void> {
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor < 1) throw invalid('amount');
    if (!isCancellationPolicy(input.cancellationPolicy)) throw invalid('cancellation terms');
    if (Number.isNaN(Date.parse(input.startsAt))) throw invalid('startsAt');
    await sequelize.transaction(async (transaction) => {
      const booking = await Booking.findByPk(input.bookingId, {
        attributes: ['id', 'status', 'details', 'amount_minor', 'supplier_hold_id', 'supplier_confirmation'],
        transaction,
        lock: transaction.LOCK.UPDATE,
      });
      if (!booking) throw ApplicationFailure.nonRetryable('no such booking', 'BookingNotFound');
      if (booking.status !== 'CONFIRMED') throw invalid(`a ${booking.status} booking is not changed`);
      booking.set({
        details: input.details,
        amount_minor: input.amountMinor,
        supplier_hold_id: input.holdId,
        supplier_confirmation: input.confirmation,
        starts_at: new Date(input.startsAt),
        cancellation_policy: input.cancellationPolicy,
      });
      await booking.save({ transaction });
    });
  };
}
