import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';
import { encryptedAttribute, initEncryptedModel } from '../encrypted';

/**
 * A customer's personal data (table `customer_profiles`, migration 0102). Every personal field is
 * encrypted under the user's own key (SEC-DATA-01, SEC-DATA-04); the Stripe customer id under the
 * payment class key; email is also blind-indexed for lookups (SEC-DATA-03). The identity issue
 * extends this model.
 */
export class CustomerProfile extends Model {
  declare id: CreationOptional<string>;
  declare user_id: string;
  declare full_name: string | null;
  declare phone: string | null;
  declare email: string | null;
  /** ISO 8601 date, `YYYY-MM-DD`. */
  declare date_of_birth: string | null;
  declare passport_number: string | null;
  declare stripe_customer_id: string | null;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export function initCustomerProfile(sequelize: Sequelize): typeof CustomerProfile {
  const personal = { dataClass: 'pii', perUser: 'user_id' } as const;
  return initEncryptedModel(
    CustomerProfile,
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      user_id: { type: DataTypes.UUID, allowNull: false },
      full_name: encryptedAttribute(personal),
      phone: encryptedAttribute(personal),
      email: encryptedAttribute({ ...personal, blindIndex: 'email' }),
      date_of_birth: encryptedAttribute(personal),
      passport_number: encryptedAttribute(personal),
      stripe_customer_id: encryptedAttribute({ dataClass: 'payment' }),
    },
    { sequelize, tableName: 'customer_profiles', underscored: true, timestamps: true },
  );
}
