import type { Sequelize } from 'sequelize';
import { paymentModels } from '../../../db/models/payment-models';
import type { Config } from '../../../lib/config';
import type { Logger } from '../../../lib/logger';
import {
  createWebhookReceiver,
  recordingPaymentEventPort,
  type PaymentEventPort,
} from '../../../services/payments';
import type { RouteDeps } from '../deps';

/**
 * The API process's webhook receivers. Stripe's needs the webhook secret; without one it is left
 * out and its route refuses every event. `port` is where accepted payment events go (the booking
 * workflow's signals once that lands; until then they are recorded).
 */
export function composeWebhooks(
  config: Config,
  sequelize: Sequelize,
  logger: Logger,
  port: PaymentEventPort = recordingPaymentEventPort(logger),
): RouteDeps['webhooks'] {
  const secret = config.stripe.webhookSecret;
  if (!secret) return {};
  return {
    stripe: createWebhookReceiver({
      models: paymentModels(sequelize),
      secret: { current: secret, previous: config.stripe.webhookSecretPrevious },
      toleranceSeconds: config.stripe.webhookToleranceSeconds,
      port,
    }),
  };
}
