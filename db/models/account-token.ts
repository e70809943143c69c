import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';

export type AccountTokenPurpose = 'verify_email' | 'reset_password';

/** A one-time email token, stored as its SHA-256 only (table `account_tokens`, migration 0401). */
export class AccountToken extends Model {
  declare id: CreationOptional<string>;
  declare user_id: string;
  declare purpose: AccountTokenPurpose;
  declare token_hash: Buffer;
  declare expires_at: Date;
  declare consumed_at: Date | null;
  declare createdAt: CreationOptional<Date>;
}

export function initAccountToken(sequelize: Sequelize): typeof AccountToken {
  return AccountToken.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      user_id: { type: DataTypes.UUID, allowNull: false },
      purpose: { type: DataTypes.TEXT, allowNull: false },
      token_hash: { type: DataTypes.BLOB, allowNull: false },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      consumed_at: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'account_tokens', underscored: true, timestamps: true, updatedAt: false },
  );
}
