import type Stripe from 'stripe';
import type { PaymentModels } from '../../db/models/payment-models';
import { captureActivities } from './captures';
import { changeChargeActivities } from './change-charges';
import { declineActivities, type RecordDeclineDeps } from './declines';
import { reconciliationActivities } from './reconciliation';
import { refundActivities } from './refunds';
import { paymentIntentActivities } from './stripe-payment-intents';

/** What the payment activities are built from: a Stripe client and the payment models. */
export interface PaymentActivityDeps {
  stripe: Stripe;
  models: PaymentModels;
}

/**
 * The Stripe activities of the payments pool, over an injected Stripe client and the payment
 * models, and the card-testing defence's decline count (SEC-PAY-06): the PaymentIntent's create,
 * read-back and cancel (stripe-payment-intents.ts), its capture (captures.ts), refunds
 * (refunds.ts), declines (declines.ts) and the daily reconciliation with Stripe (reconciliation.ts).
 */
export function createPaymentActivities(deps: PaymentActivityDeps & Pick<RecordDeclineDeps, 'cardTesting'>) {
  return {
    ...paymentIntentActivities(deps),
    ...captureActivities(deps),
    ...changeChargeActivities(deps),
    ...refundActivities(deps),
    ...declineActivities(deps),
    ...reconciliationActivities(deps),
  };
}

export type PaymentActivities = ReturnType<typeof createPaymentActivities>;
export { idempotencyKeys } from './stripe-requests';
export { paymentIntentParams } from './stripe-payment-intents';
export { refundParams } from './refunds';
export type * from './types';
