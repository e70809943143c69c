import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';

/**
 * A user's Argon2id password hash (table `user_credentials`, migration 0400). Read only to
 * verify a password and written only with a fresh hash; never part of an answer, log or audit
 * event (SEC-AUTH-01): toJSON leaves the hash out.
 */
export class UserCredential extends Model {
  declare user_id: string;
  declare password_hash: string;
  declare updatedAt: CreationOptional<Date>;

  override toJSON(): object {
    return { user_id: this.user_id, updatedAt: this.updatedAt };
  }
}

export function initUserCredential(sequelize: Sequelize): typeof UserCredential {
  return UserCredential.init(
    {
      user_id: { type: DataTypes.UUID, primaryKey: true },
      password_hash: { type: DataTypes.TEXT, allowNull: false },
    },
    { sequelize, tableName: 'user_credentials', underscored: true, timestamps: true, createdAt: false },
  );
}
