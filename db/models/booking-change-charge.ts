import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';
import { encryptedAttribute, initEncryptedModel } from '../encrypted';
import { minorUnitsColumn } from './minor-units-column';

export type ChangeChargeStatus = 'creating' | 'succeeded' | 'declined' | 'refunded';

/**
 * What a booking change that costs more charged (table `booking_change_charges`, migration 0740):
 * the id is the change offer's, so its Stripe keys derive from it. The PaymentIntent id is
 * encrypted under the payment class key.
 */
export class BookingChangeCharge extends Model {
  declare id: string;
  declare booking_id: string;
  declare amount_minor: number;
  declare currency: string;
  declare status: ChangeChargeStatus;
  declare stripe_payment_intent_id: string | null;
  /** What a later cancellation of the booking gave back of this charge (migration 0741). */
  declare cancellation_refunded_minor: CreationOptional<number>;
  /** Stripe's refund of the charge when its change was undone, and when its booking was cancelled. */
  declare undo_refund_id: string | null;
  declare cancellation_refund_id: string | null;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export function initBookingChangeCharge(sequelize: Sequelize): typeof BookingChangeCharge {
  return initEncryptedModel(
    BookingChangeCharge,
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      booking_id: { type: DataTypes.UUID, allowNull: false },
      amount_minor: minorUnitsColumn('amount_minor'),
      currency: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.TEXT, allowNull: false },
      stripe_payment_intent_id: encryptedAttribute({ dataClass: 'payment' }),
      undo_refund_id: encryptedAttribute({ dataClass: 'payment' }),
      cancellation_refund_id: encryptedAttribute({ dataClass: 'payment' }),
      cancellation_refunded_minor: { ...minorUnitsColumn('cancellation_refunded_minor'), defaultValue: 0 },
    },
    { sequelize, tableName: 'booking_change_charges', underscored: true, timestamps: true },
  );
}
