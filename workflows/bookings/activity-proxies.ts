import { proxyActivities, type ActivityOptions, type RetryPolicy } from '@temporalio/workflow';
import type { BookingsPoolActivities } from '../../activities/bookings-pool';
import type { NotifyPoolActivities } from '../../activities/notify-pool';
import type { PaymentsPoolActivities } from '../../activities/payments-pool';
import type { SuppliersPoolActivities } from '../../activities/suppliers-pool';
import type { BookingWorkflowInput } from './messages';

/** Every saga step backs off from 1 s, doubling up to 30 s, until its schedule-to-close deadline. */
const RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
};

/**
 * SEC-SUP-02: how the saga calls every supplier step (quote, hold, confirm, release, cancel).
 * Retries are bounded by the 5-minute deadline rather than an attempt count; a sold-out, invalid
 * input or invalid answer is never retried. Exported so tests check the options the workflow uses.
 */
export const SUPPLIER_ACTIVITY_OPTIONS: Readonly<Omit<ActivityOptions, 'taskQueue'>> = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '5 minutes',
  retry: { ...RETRY, nonRetryableErrorTypes: ['SoldOut', 'InvalidInput', 'InvalidSupplierAnswer'] },
};

/**
 * Where each saga step runs: the bookings pool (the booking row), suppliers, payments and notify
 * (email, audit).
 * Steps retry until their own deadline; failures that retrying cannot fix are typed
 * non-retryable by the activities themselves (sold out, declined, invalid input).
 */
export function sagaActivities(queues: BookingWorkflowInput['queues']) {
  const suppliers = proxyActivities<SuppliersPoolActivities>({
    ...SUPPLIER_ACTIVITY_OPTIONS,
    taskQueue: queues.suppliers,
  });
  const payments = proxyActivities<PaymentsPoolActivities>({
    taskQueue: queues.payments,
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: '5 minutes',
    retry: RETRY,
  });
  const bookingRow = {
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: '1 hour',
    retry: {
      ...RETRY,
      nonRetryableErrorTypes: ['InvalidEmail', 'EmailRejected', 'OutboxRowMissing', 'InvalidAuditEvent'],
    },
  } satisfies Omit<ActivityOptions, 'taskQueue'>;
  const bookings = proxyActivities<BookingsPoolActivities>({ ...bookingRow, taskQueue: queues.bookings });
  const notify = proxyActivities<NotifyPoolActivities>({ ...bookingRow, taskQueue: queues.notify });
  // Proxies have no own keys to spread: each pool stays its own object.
  return { bookings, suppliers, payments, notify };
}

export type SagaActivities = ReturnType<typeof sagaActivities>;
