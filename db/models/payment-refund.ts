import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';
import { encryptedAttribute, initEncryptedModel } from '../encrypted';
import { minorUnitsColumn } from './minor-units-column';

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

/**
 * One refund of a payment (table `payment_refunds`, migration 0500). The id is the refund's own
 * id, so its Stripe idempotency key is `refund/<id>`; a `pending` row reserves its amount in
 * `payments.refunded_minor` until Stripe answers. The Stripe refund id is encrypted.
 */
export class PaymentRefund extends Model {
  declare id: string;
  declare payment_id: string;
  declare amount_minor: number;
  declare status: RefundStatus;
  declare stripe_refund_id: string | null;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export function initPaymentRefund(sequelize: Sequelize): typeof PaymentRefund {
  return initEncryptedModel(
    PaymentRefund,
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      payment_id: { type: DataTypes.UUID, allowNull: false },
      amount_minor: minorUnitsColumn('amount_minor'),
      status: { type: DataTypes.TEXT, allowNull: false },
      stripe_refund_id: encryptedAttribute({ dataClass: 'payment' }),
    },
    { sequelize, tableName: 'payment_refunds', underscored: true, timestamps: true },
  );
}
