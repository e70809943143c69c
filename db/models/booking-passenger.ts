import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';
import { encryptedAttribute, initEncryptedModel } from '../encrypted';

/**
 * One traveller of a booking (table `booking_passengers`, migration 0600). Every personal field
 * is encrypted under the booker's own key (SEC-DATA-01, SEC-DATA-04), so erasing the booker
 * shreds their passengers too.
 */
export class BookingPassenger extends Model {
  declare id: CreationOptional<string>;
  declare booking_id: string;
  declare user_id: string;
  declare position: number;
  declare first_name: string;
  declare last_name: string;
  declare passport_number: string | null;
  /** ISO 8601 date, `YYYY-MM-DD`. */
  declare date_of_birth: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initBookingPassenger(sequelize: Sequelize): typeof BookingPassenger {
  const personal = { dataClass: 'pii', perUser: 'user_id' } as const;
  return initEncryptedModel(
    BookingPassenger,
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      booking_id: { type: DataTypes.UUID, allowNull: false },
      user_id: { type: DataTypes.UUID, allowNull: false },
      position: { type: DataTypes.SMALLINT, allowNull: false },
      first_name: encryptedAttribute(personal),
      last_name: encryptedAttribute(personal),
      passport_number: encryptedAttribute(personal),
      date_of_birth: encryptedAttribute(personal),
    },
    { sequelize, tableName: 'booking_passengers', underscored: true, timestamps: true },
  );
}
