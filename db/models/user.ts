import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';
import type { Role } from '../../lib/rbac';
import { encryptedAttribute, initEncryptedModel } from '../encrypted';

/**
 * An account (table `users`, migration 0400): role, company, the login email encrypted under the
 * user's own key with its blind index, and the account's security state. The password hash is
 * not here (user-credential.ts), so no answer built from a User can carry it.
 */
export class User extends Model {
  declare id: CreationOptional<string>;
  declare role: CreationOptional<Role>;
  declare company_id: string | null;
  declare email: string | null;
  declare email_verified_at: Date | null;
  declare locked_until: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initUser(sequelize: Sequelize): typeof User {
  return initEncryptedModel(
    User,
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      role: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'USER' },
      company_id: { type: DataTypes.UUID, allowNull: true },
      email: encryptedAttribute({ dataClass: 'pii', perUser: 'id', blindIndex: 'email' }),
      email_verified_at: { type: DataTypes.DATE, allowNull: true },
      locked_until: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'users', underscored: true, timestamps: true },
  );
}
