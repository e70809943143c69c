import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';

/** One single-use MFA recovery code, as its SHA-256 (table `mfa_recovery_codes`, migration 0403). */
export class MfaRecoveryCode extends Model {
  declare id: CreationOptional<string>;
  declare user_id: string;
  declare code_hash: Buffer;
  declare used_at: Date | null;
  declare createdAt: CreationOptional<Date>;
}

export function initMfaRecoveryCode(sequelize: Sequelize): typeof MfaRecoveryCode {
  return MfaRecoveryCode.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      user_id: { type: DataTypes.UUID, allowNull: false },
      code_hash: { type: DataTypes.BLOB, allowNull: false },
      used_at: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'mfa_recovery_codes', underscored: true, timestamps: true, updatedAt: false },
  );
}
