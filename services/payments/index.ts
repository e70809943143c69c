/** Stripe webhooks (SEC-PAY-03): signature, replay refusal, and the port events leave by. */
export { verifyStripeSignature, WebhookSignatureError, type SignedEvent } from './webhook-signature';
export { createWebhookReceiver, type WebhookReceiver, type WebhookReceipt } from './webhook-receiver';
export {
  paymentEventOf,
  recordingPaymentEventPort,
  type PaymentEvent,
  type PaymentEventPort,
} from './payment-events';
