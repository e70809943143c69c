import { createHash } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import type { PaymentModels } from '../../db/models/payment-models';
import type { RotatingSecret } from '../../lib/crypto/rotating-secret';
import { AppError } from '../../lib/errors';
import { paymentEventOf, type PaymentEventPort } from './payment-events';
import { verifyStripeSignature, WebhookSignatureError, type SignatureProblem } from './webhook-signature';

export interface WebhookReceiverOptions {
  models: Pick<PaymentModels, 'PaymentWebhookEvent'>;
  /** SEC-CFG-02: during a rotation, `{ current, previous }`. */
  secret: string | RotatingSecret<string>;
  toleranceSeconds: number;
  port: PaymentEventPort;
  now?: () => number;
}

export interface WebhookReceipt {
  eventId: string;
  type: string;
  /** The id was processed before: nothing was done this time (Stripe is answered 2xx all the same). */
  duplicate: boolean;
}

const REFUSALS: Record<SignatureProblem, [code: string, message: string]> = {
  unsigned: ['WEBHOOK_UNSIGNED', 'The Stripe-Signature header is missing'],
  bad_signature: ['WEBHOOK_BAD_SIGNATURE', 'The Stripe-Signature does not match the body'],
  stale: ['WEBHOOK_STALE', 'The signature timestamp is outside the tolerance'],
  malformed: ['WEBHOOK_MALFORMED', 'The body is not a Stripe event'],
};

class AlreadyProcessed extends Error {}

/**
 * SEC-PAY-03 end to end: signature on the raw body, then the event id recorded in Postgres
 * (payment_webhook_events, unique) in the same transaction as handing the event to the port.
 * A verified id processed before is a duplicate: nothing is written or handed on, and the receipt
 * says so (Stripe redelivers until it gets a 2xx, so a refusal would only bring it back). A port
 * failure rolls the record back, so Stripe's retry counts as the first delivery. A delivery of an
 * id still in flight waits on the first's uncommitted key: a duplicate once the first commits, the
 * first delivery itself if the first rolls back. Never "duplicate" before the event was acted on.
 */
export function createWebhookReceiver(options: WebhookReceiverOptions) {
  const { models, secret, toleranceSeconds, port } = options;
  const now = options.now ?? Date.now;
  return async function receive(rawBody: Buffer, signature: string | undefined): Promise<WebhookReceipt> {
    let event;
    try {
      event = verifyStripeSignature(rawBody, signature, secret, toleranceSeconds, now());
    } catch (err) {
      if (!(err instanceof WebhookSignatureError)) throw err;
      const [code, message] = REFUSALS[err.problem];
      throw new AppError(400, code, message);
    }
    const Model = models.PaymentWebhookEvent;
    const receipt = { eventId: event.id, type: event.type };
    try {
      await Model.sequelize!.transaction(async (transaction) => {
        try {
          await Model.create(
            { event_id_sha256: createHash('sha256').update(event.id).digest('hex'), event_type: event.type },
            { transaction },
          );
        } catch (err) {
          if (err instanceof UniqueConstraintError) throw new AlreadyProcessed();
          throw err;
        }
        await port.onPaymentEvent(paymentEventOf(event));
      });
    } catch (err) {
      if (err instanceof AlreadyProcessed) return { ...receipt, duplicate: true };
      throw err;
    }
    return { ...receipt, duplicate: false };
  };
}

export type WebhookReceiver = ReturnType<typeof createWebhookReceiver>;
