import { randomUUID } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import type Stripe from 'stripe';
import {
  createPaymentActivities,
  type PaymentActivities,
} from '../../../activities/payments/payment-activities';
import { createSequelize, createStripeClient } from '../../../lib/clients';
import { attachKeyring } from '../../../db/encrypted';
import { paymentModels, type PaymentModels } from '../../../db/models/payment-models';
import { keyringFromConfig } from '../../../lib/crypto';
import type { Actor } from '../../../lib/rbac';
import { freshDatabase, type TestDatabase } from '../../helpers/databases';

export interface PaymentsHarness {
  db: TestDatabase;
  sequelize: Sequelize;
  models: PaymentModels;
  stripe: Stripe;
  activities: PaymentActivities;
  close(): Promise<void>;
}

/**
 * A private migrated database, the app role with the stack's keyring, and the payment
 * activities over a Stripe client pointed at the stack's Stripe (the recording proxy in front of
 * localstripe), unless `apiUrl` says otherwise.
 */
export async function paymentsHarness(apiUrl?: string): Promise<PaymentsHarness> {
  const db = await freshDatabase();
  const sequelize = createSequelize(db.config, 'app');
  attachKeyring(sequelize, keyringFromConfig(db.config, sequelize));
  const models = paymentModels(sequelize);
  const stripe = createStripeClient(db.config, apiUrl);
  return {
    db,
    sequelize,
    models,
    stripe,
    activities: createPaymentActivities({ stripe, models }),
    async close() {
      await sequelize.close();
      await db.drop();
    },
  };
}

export function customer(): Actor {
  return { id: randomUUID(), role: 'USER' };
}

export function bookingFor(actor: Actor, paymentMethodId: string, amountMinor = 12_345) {
  return { actor, bookingId: randomUUID(), amountMinor, currency: 'EUR', paymentMethodId };
}

/**
 * A booking's payment as the saga leaves it once the supplier confirmed: authorised at creation
 * (manual capture, issue 17), then captured in full.
 */
export async function chargeInFull(
  activities: PaymentActivities,
  booking: ReturnType<typeof bookingFor>,
): Promise<void> {
  const attempt = await activities.createPaymentIntent(booking);
  if (attempt.outcome !== 'authorised') throw new Error(`payment ${attempt.outcome}`);
  const captured = await activities.capturePaymentIntent(booking);
  if (!captured.confirmable) throw new Error(`capture left ${captured.status}`);
}
