import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';

/** A booking whose card Stripe declined (table `payment_declines`, migration 0610, SEC-PAY-06). */
export class PaymentDecline extends Model {
  declare booking_id: string;
  declare user_id: string;
  declare decline_code: string;
  declare declined_at: CreationOptional<Date>;
}

export function initPaymentDecline(sequelize: Sequelize): typeof PaymentDecline {
  return PaymentDecline.init(
    {
      booking_id: { type: DataTypes.UUID, primaryKey: true },
      user_id: { type: DataTypes.UUID, allowNull: false },
      decline_code: { type: DataTypes.TEXT, allowNull: false },
      declined_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    },
    { sequelize, tableName: 'payment_declines', timestamps: false },
  );
}
