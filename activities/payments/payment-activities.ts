import { createCancelPaymentIntent } from './cancel-payment-intent';
import { createCreatePaymentIntent, type PaymentActivityDeps } from './create-payment-intent';
import { createReadPaymentIntent } from './read-payment-intent';
import { createRecordPaymentDecline, type RecordDeclineDeps } from './record-decline';
import { createRefundPayment } from './refund-payment';

/**
 * The Stripe activities of the payments pool, over an injected Stripe client and the payment
 * models, and the card-testing defence's decline count (SEC-PAY-06).
 */
export function createPaymentActivities(deps: PaymentActivityDeps & Pick<RecordDeclineDeps, 'cardTesting'>) {
  return {
    createPaymentIntent: createCreatePaymentIntent(deps),
    readPaymentIntent: createReadPaymentIntent(deps),
    cancelPaymentIntent: createCancelPaymentIntent(deps),
    refundPayment: createRefundPayment(deps),
    recordPaymentDecline: createRecordPaymentDecline(deps),
  };
}

export type PaymentActivities = ReturnType<typeof createPaymentActivities>;
export type { PaymentActivityDeps } from './create-payment-intent';
export { createStripeClient } from '../../lib/clients/stripe';
export { idempotencyKeys } from './idempotency-keys';
export { paymentIntentParams } from './send-create';
export { refundParams } from './refund-payment';
export type * from './types';
export { activeBlock, secondsLeft } from './payment-blocks';
