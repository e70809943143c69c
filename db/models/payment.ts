import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';
import { encryptedAttribute, initEncryptedModel } from '../encrypted';
import { minorUnitsColumn } from './minor-units-column';

/** Stripe's PaymentIntent statuses, plus `creating` before Stripe has answered. */
export const PAYMENT_STATUSES = [
  'creating',
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'succeeded',
  'canceled',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * One booking's payment (table `payments`, migration 0500). SEC-PAY-01: the card is known only
 * as brand and last4; the PaymentMethod and PaymentIntent ids are encrypted under the payment
 * class key (SEC-DATA-01). Amounts are integer minor units.
 */
export class Payment extends Model {
  declare id: CreationOptional<string>;
  declare booking_id: string;
  declare user_id: string;
  declare amount_minor: number;
  declare currency: string;
  declare status: PaymentStatus;
  declare failure_code: string | null;
  declare captured_minor: CreationOptional<number>;
  declare refunded_minor: CreationOptional<number>;
  declare card_brand: string | null;
  declare card_last4: string | null;
  declare stripe_payment_method_id: string;
  declare stripe_payment_intent_id: string | null;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export function initPayment(sequelize: Sequelize): typeof Payment {
  return initEncryptedModel(
    Payment,
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      booking_id: { type: DataTypes.UUID, allowNull: false },
      user_id: { type: DataTypes.UUID, allowNull: false },
      amount_minor: minorUnitsColumn('amount_minor'),
      currency: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.TEXT, allowNull: false },
      failure_code: { type: DataTypes.TEXT, allowNull: true },
      captured_minor: { ...minorUnitsColumn('captured_minor'), defaultValue: 0 },
      refunded_minor: { ...minorUnitsColumn('refunded_minor'), defaultValue: 0 },
      card_brand: { type: DataTypes.TEXT, allowNull: true },
      card_last4: { type: DataTypes.TEXT, allowNull: true },
      stripe_payment_method_id: encryptedAttribute({ dataClass: 'payment' }),
      stripe_payment_intent_id: encryptedAttribute({ dataClass: 'payment' }),
    },
    { sequelize, tableName: 'payments', underscored: true, timestamps: true },
  );
}
