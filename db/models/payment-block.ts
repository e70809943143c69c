import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';

/** A user's payments refused until `blocked_until` (table `payment_blocks`, migration 0610, SEC-PAY-06). */
export class PaymentBlock extends Model {
  declare id: CreationOptional<string>;
  declare user_id: string;
  declare trigger_booking_id: string;
  declare declines: number;
  declare blocked_at: CreationOptional<Date>;
  declare blocked_until: Date;
}

export function initPaymentBlock(sequelize: Sequelize): typeof PaymentBlock {
  return PaymentBlock.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      user_id: { type: DataTypes.UUID, allowNull: false },
      trigger_booking_id: { type: DataTypes.UUID, allowNull: false },
      declines: { type: DataTypes.INTEGER, allowNull: false },
      blocked_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      blocked_until: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'payment_blocks', timestamps: false },
  );
}
