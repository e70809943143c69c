import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';
import { encryptedAttribute, initEncryptedModel } from '../encrypted';
import { minorUnitsColumn } from './minor-units-column';

export const BOOKING_STATUSES = [
  'PENDING',
  'HELD',
  'AWAITING_PAYMENT',
  'PAID',
  'CONFIRMED',
  'FAILED',
  'CANCELLED',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type BookingKind = 'hotel' | 'flight';

/** The stored shape of a booking's cancellation terms; their rule is services/bookings/cancellation-policy.ts. */
export interface StoredCancellationPolicy {
  freeUntilDays: number;
  lateDeductionPercent: number;
}

/**
 * A booking (table `bookings`, migrations 0600, 0620). Ids, amounts, supplier codes and the
 * allowlisted details in clear; the customer's free-text notes encrypted under the booker's own
 * key like the passengers (SEC-DATA-01, SEC-DATA-04), so erasing the booker shreds them too.
 * Everything personal about the travellers is in booking_passengers. Amounts are integer minor units.
 */
export class Booking extends Model {
  declare id: CreationOptional<string>;
  declare user_id: string;
  declare company_id: string | null;
  declare idempotency_key: string;
  declare workflow_id: string;
  declare status: CreationOptional<BookingStatus>;
  declare kind: BookingKind;
  declare supplier: BookingKind;
  declare supplier_hold_id: string | null;
  declare supplier_confirmation: string | null;
  declare amount_minor: number;
  declare currency: string;
  declare details: Record<string, unknown>;
  declare notes: string | null;
  declare failure_reason: string | null;
  /** The supplier's terms for this booking, from its hold (migration 0720); null before. */
  declare cancellation_policy: StoredCancellationPolicy | null;
  declare starts_at: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initBooking(sequelize: Sequelize): typeof Booking {
  return initEncryptedModel(
    Booking,
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      user_id: { type: DataTypes.UUID, allowNull: false },
      company_id: { type: DataTypes.UUID, allowNull: true },
      idempotency_key: { type: DataTypes.UUID, allowNull: false },
      workflow_id: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'PENDING' },
      kind: { type: DataTypes.TEXT, allowNull: false },
      supplier: { type: DataTypes.TEXT, allowNull: false },
      supplier_hold_id: { type: DataTypes.TEXT, allowNull: true },
      supplier_confirmation: { type: DataTypes.TEXT, allowNull: true },
      amount_minor: minorUnitsColumn('amount_minor'),
      currency: { type: DataTypes.TEXT, allowNull: false },
      details: { type: DataTypes.JSONB, allowNull: false },
      notes: encryptedAttribute({ dataClass: 'pii', perUser: 'user_id' }),
      failure_reason: { type: DataTypes.TEXT, allowNull: true },
      cancellation_policy: { type: DataTypes.JSONB, allowNull: true },
      starts_at: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'bookings', underscored: true, timestamps: true },
  );
}
