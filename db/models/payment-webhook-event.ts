import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';

/**
 * A Stripe webhook event already accepted (table `payment_webhook_events`, migration 0500),
 * known by the SHA-256 of its id only: the primary key is what keeps a redelivery from being acted
 * on again (SEC-PAY-03).
 */
export class PaymentWebhookEvent extends Model {
  declare event_id_sha256: string;
  declare event_type: string;
  declare received_at: CreationOptional<Date>;
}

export function initPaymentWebhookEvent(sequelize: Sequelize): typeof PaymentWebhookEvent {
  return PaymentWebhookEvent.init(
    {
      event_id_sha256: { type: DataTypes.TEXT, primaryKey: true },
      event_type: { type: DataTypes.TEXT, allowNull: false },
      received_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    },
    { sequelize, tableName: 'payment_webhook_events', timestamps: false },
  );
}
