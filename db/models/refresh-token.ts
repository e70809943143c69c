import { DataTypes, Model, type ModelStatic, type Sequelize } from 'sequelize';

/** One refresh token of a session's family (table `refresh_tokens`, migration 0420). */
export interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  token_hash: Buffer;
  created_at?: Date;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

export type RefreshTokenModel = ModelStatic<Model<RefreshTokenRow, Omit<RefreshTokenRow, 'created_at'>>>;

const models = new WeakMap<Sequelize, RefreshTokenModel>();

/** The model on this Sequelize instance (defined once per instance, so tests may hold several). */
export function refreshTokenModel(sequelize: Sequelize): RefreshTokenModel {
  let model = models.get(sequelize);
  if (!model) {
    model = sequelize.define(
      'RefreshToken',
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        family_id: { type: DataTypes.UUID, allowNull: false },
        user_id: { type: DataTypes.UUID, allowNull: false },
        token_hash: { type: DataTypes.BLOB, allowNull: false },
        created_at: { type: DataTypes.DATE },
        expires_at: { type: DataTypes.DATE, allowNull: false },
        rotated_at: { type: DataTypes.DATE, allowNull: true },
        revoked_at: { type: DataTypes.DATE, allowNull: true },
        revoke_reason: { type: DataTypes.TEXT, allowNull: true },
      },
      { tableName: 'refresh_tokens', timestamps: false },
    ) as RefreshTokenModel;
    models.set(sequelize, model);
  }
  return model;
}
