import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';
import { encryptedAttribute, initEncryptedModel } from '../encrypted';

/**
 * A user's TOTP factor (table `user_mfa`, migration 0403): the base32 secret under the user's own
 * key, confirmed after the first valid code, and the last time step accepted (replay guard).
 */
export class UserMfa extends Model {
  declare id: CreationOptional<string>;
  declare user_id: string;
  declare secret: string;
  declare confirmed_at: Date | null;
  declare last_used_step: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initUserMfa(sequelize: Sequelize): typeof UserMfa {
  return initEncryptedModel(
    UserMfa,
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      user_id: { type: DataTypes.UUID, allowNull: false },
      secret: encryptedAttribute({ dataClass: 'pii', perUser: 'user_id' }),
      confirmed_at: { type: DataTypes.DATE, allowNull: true },
      last_used_step: { type: DataTypes.BIGINT, allowNull: true },
    },
    { sequelize, tableName: 'user_mfa', underscored: true, timestamps: true },
  );
}
