import type { Sequelize } from 'sequelize';
import { initBookingChangeCharge, type BookingChangeCharge } from './booking-change-charge';
import { initPayment, type Payment } from './payment';
import { initPaymentBlock, type PaymentBlock } from './payment-block';
import { initPaymentDecline, type PaymentDecline } from './payment-decline';
import { initPaymentRefund, type PaymentRefund } from './payment-refund';
import { initPaymentWebhookEvent, type PaymentWebhookEvent } from './payment-webhook-event';

export interface PaymentModels {
  Payment: typeof Payment;
  PaymentRefund: typeof PaymentRefund;
  PaymentWebhookEvent: typeof PaymentWebhookEvent;
  PaymentDecline: typeof PaymentDecline;
  PaymentBlock: typeof PaymentBlock;
  BookingChangeCharge: typeof BookingChangeCharge;
}

const initialized = new WeakMap<Sequelize, PaymentModels>();

/**
 * The payment models, initialized once on `sequelize` (its keyring attached: db/encrypted
 * attachKeyring). Model classes are process-wide: one app connection per process owns them.
 */
export function paymentModels(sequelize: Sequelize): PaymentModels {
  let models = initialized.get(sequelize);
  if (!models) {
    models = {
      Payment: initPayment(sequelize),
      PaymentRefund: initPaymentRefund(sequelize),
      PaymentWebhookEvent: initPaymentWebhookEvent(sequelize),
      PaymentDecline: initPaymentDecline(sequelize),
      PaymentBlock: initPaymentBlock(sequelize),
      BookingChangeCharge: initBookingChangeCharge(sequelize),
    };
    initialized.set(sequelize, models);
  }
  return models;
}
