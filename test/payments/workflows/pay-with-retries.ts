import { proxyActivities } from '@temporalio/workflow';
import type {
  CreatePaymentIntentInput,
  PaymentAttempt,
} from '../../../activities/payments/payment-activities';
import type { PaymentsPoolActivities } from '../../../activities/payments-pool';

/** Runs createPaymentIntent with quick retries: the test's activity loses its first answer. */
export async function payWithRetries(input: {
  paymentsQueue: string;
  payment: CreatePaymentIntentInput;
}): Promise<PaymentAttempt> {
  const { createPaymentIntent } = proxyActivities<PaymentsPoolActivities>({
    taskQueue: input.paymentsQueue,
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '100 milliseconds', backoffCoefficient: 1, maximumAttempts: 5 },
  });
  return createPaymentIntent(input.payment);
}
