import { proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { NotifyPoolActivities } from '../../activities/notify-pool';
import type { PaymentsPoolActivities } from '../../activities/payments-pool';
import type { SuppliersPoolActivities } from '../../activities/suppliers-pool';
import type { BookingWorkflowInput } from './messages';

/**
 * Where each saga step runs: suppliers, payments and notify (booking state, email, audit) pools.
 * Steps retry until their own deadline; failures that retrying cannot fix are typed
 * non-retryable by the activities themselves (sold out, declined, invalid input).
 */
export function sagaActivities(queues: BookingWorkflowInput['queues']) {
  const retry: RetryPolicy = {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
  };
  const suppliers = proxyActivities<SuppliersPoolActivities>({
    taskQueue: queues.suppliers,
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: '5 minutes',
    retry: { ...retry, nonRetryableErrorTypes: ['SoldOut', 'InvalidInput', 'InvalidSupplierAnswer'] },
  });
  const payments = proxyActivities<PaymentsPoolActivities>({
    taskQueue: queues.payments,
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: '5 minutes',
    retry,
  });
  const notify = proxyActivities<NotifyPoolActivities>({
    taskQueue: queues.notify,
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: '1 hour',
    retry: {
      ...retry,
      nonRetryableErrorTypes: ['InvalidEmail', 'EmailRejected', 'OutboxRowMissing', 'InvalidAuditEvent'],
    },
  });
  // Proxies have no own keys to spread: each pool stays its own object.
  return { suppliers, payments, notify };
}

export type SagaActivities = ReturnType<typeof sagaActivities>;
