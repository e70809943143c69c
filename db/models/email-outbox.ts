import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';
import { encryptedAttribute, initEncryptedModel } from '../encrypted';

/**
 * An email waiting for (or done by) the notification workflow (table `email_outbox`, migration
 * 0402). `payload` is JSON holding the template's values (links with tokens, the request IP):
 * encrypted, and wiped once sent.
 */
export class EmailOutbox extends Model {
  declare id: CreationOptional<string>;
  declare template: string;
  declare recipient: string;
  declare payload: string | null;
  declare status: CreationOptional<'pending' | 'sent'>;
  declare message_id: string | null;
  declare sent_at: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initEmailOutbox(sequelize: Sequelize): typeof EmailOutbox {
  return initEncryptedModel(
    EmailOutbox,
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      template: { type: DataTypes.TEXT, allowNull: false },
      recipient: encryptedAttribute({ dataClass: 'pii' }),
      payload: encryptedAttribute({ dataClass: 'pii' }),
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'pending' },
      message_id: { type: DataTypes.TEXT, allowNull: true },
      sent_at: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'email_outbox', underscored: true, timestamps: true },
  );
}
