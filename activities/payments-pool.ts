import type { Sequelize } from 'sequelize';
import type Stripe from 'stripe';
import { paymentModels } from '../db/models/payment-models';
import { ping } from './health/health-activities';
import { createPaymentActivities } from './payments/payment-activities';

export interface PaymentsPoolDeps {
  stripe: Stripe;
  /** The app role, its keyring attached (Stripe ids are encrypted, SEC-DATA-01). */
  sequelize: Sequelize;
}

/**
 * Everything the payments pool registers (workers/payments.ts): the Stripe activities and a
 * ping. Workflows proxy exactly this type, so a step they call is one the pool runs.
 */
export function createPaymentsPoolActivities({ stripe, sequelize }: PaymentsPoolDeps) {
  return {
    ping,
    ...createPaymentActivities({ stripe, models: paymentModels(sequelize) }),
  };
}

export type PaymentsPoolActivities = ReturnType<typeof createPaymentsPoolActivities>;
