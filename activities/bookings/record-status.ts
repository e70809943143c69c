import { ApplicationFailure } from '@temporalio/common';
import type { Sequelize } from 'sequelize';
import { BOOKING_STATUSES, type BookingStatus } from '../../db/models/booking';
import { isCancellationPolicy, type CancellationPolicy } from '../../services/bookings/cancellation-policy';
import { bookingModels } from '../../db/models/booking-models';
import { identityModels } from '../../db/models/identity';

export interface RecordBookingStatus {
  bookingId: string;
  status: BookingStatus;
  holdId?: string;
  confirmation?: string | null;
  /** From the supplier's hold: when it starts and the terms a cancellation is priced on. */
  startsAt?: string;
  cancellationPolicy?: CancellationPolicy;
  failureReason?: string | null;
  /** Set when the customer is told: the email_outbox row to write, its id from the workflow. */
  outboxId?: string | null;
}

export interface RecordedBookingStatus {
  /** The outbox row to deliver, or null (no email asked for, or the booker has no address left). */
  outboxId: string | null;
}

const REASON = /^[a-z0-9_]{1,64}$/;

/**
 * `recordBookingStatus` (bookings pool): the booking's
 * status and supplier references, and the customer's email in the outbox, in one transaction.
 * Safe to repeat: the same values are written again and an outbox row that exists is kept.
 * It runs for the booking workflow, whose start checked the booker's permission.
 */
export function createRecordBookingStatus({ sequelize }: { sequelize: Sequelize }) {
  const { Booking } = bookingModels(sequelize);
  const { User, EmailOutbox } = identityModels(sequelize);
  return async function recordBookingStatus(input: RecordBookingStatus): Promise<RecordedBookingStatus> {
    if (!BOOKING_STATUSES.includes(input.status)) {
      throw ApplicationFailure.nonRetryable('unknown booking status', 'InvalidBookingStatus');
    }
    const reason = input.failureReason && REASON.test(input.failureReason) ? input.failureReason : null;
    if (input.cancellationPolicy !== undefined && !isCancellationPolicy(input.cancellationPolicy)) {
      throw ApplicationFailure.nonRetryable('cancellation terms out of bounds', 'InvalidCancellationPolicy');
    }
    if (input.startsAt !== undefined && Number.isNaN(Date.parse(input.startsAt))) {
      throw ApplicationFailure.nonRetryable('startsAt is not a time', 'InvalidStartsAt');
    }
    return sequelize.transaction(async (transaction) => {
      // Not the notes: a status change needs no personal data, nor the booker's key (SEC-DATA-04).
      const booking = await Booking.findByPk(input.bookingId, {
        attributes: [
          'id',
          'user_id',
          'status',
          'supplier_hold_id',
          'supplier_confirmation',
          'failure_reason',
          'cancellation_policy',
          'starts_at',
        ],
        transaction,
        lock: transaction.LOCK.UPDATE,
      });
      if (!booking) throw ApplicationFailure.nonRetryable('no such booking', 'BookingNotFound');
      booking.set({
        status: input.status,
        ...(input.holdId !== undefined && { supplier_hold_id: input.holdId }),
        ...(input.confirmation !== undefined && { supplier_confirmation: input.confirmation }),
        ...(input.cancellationPolicy !== undefined && { cancellation_policy: input.cancellationPolicy }),
        ...(input.startsAt !== undefined && { starts_at: new Date(input.startsAt) }),
        failure_reason: reason,
      });
      await booking.save({ transaction });
      if (!input.outboxId) return { outboxId: null };
      if (await EmailOutbox.findByPk(input.outboxId, { transaction, attributes: ['id'] })) {
        return { outboxId: input.outboxId };
      }
      const user = await User.findByPk(booking.user_id, { transaction, attributes: ['id', 'email'] });
      if (!user?.email) return { outboxId: null };
      await EmailOutbox.create(
        {
          id: input.outboxId,
          template: 'booking_status',
          recipient: user.email,
          payload: JSON.stringify({ bookingId: booking.id, status: input.status }),
        },
        { transaction },
      );
      return { outboxId: input.outboxId };
    });
  };
}
