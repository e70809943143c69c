import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';
import { encryptedAttribute, initEncryptedModel } from '../encrypted';

/**
 * An invitation to join a company as BUSINESS_USER (table `company_invitations`, migration 0401).
 * The invitee has no account (and so no user key) yet: the email is under the PII class key.
 */
export class CompanyInvitation extends Model {
  declare id: CreationOptional<string>;
  declare company_id: string;
  declare role: 'BUSINESS_USER';
  declare email: string;
  declare token_hash: Buffer;
  declare invited_by: string;
  declare expires_at: Date;
  declare accepted_at: Date | null;
  declare accepted_user_id: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initCompanyInvitation(sequelize: Sequelize): typeof CompanyInvitation {
  return initEncryptedModel(
    CompanyInvitation,
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      company_id: { type: DataTypes.UUID, allowNull: false },
      role: { type: DataTypes.TEXT, allowNull: false },
      email: encryptedAttribute({ dataClass: 'pii', blindIndex: 'email' }),
      token_hash: { type: DataTypes.BLOB, allowNull: false },
      invited_by: { type: DataTypes.UUID, allowNull: false },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      accepted_at: { type: DataTypes.DATE, allowNull: true },
      accepted_user_id: { type: DataTypes.UUID, allowNull: true },
    },
    { sequelize, tableName: 'company_invitations', underscored: true, timestamps: true },
  );
}
