import { DataTypes, Model, type ModelStatic, type Sequelize } from 'sequelize';

/** A device/network pair a user signed in from (table `known_devices`, migration 0421). */
export interface KnownDeviceRow {
  user_id: string;
  fingerprint: Buffer;
  first_seen_at?: Date;
  last_seen_at?: Date;
}

export type KnownDeviceModel = ModelStatic<Model<KnownDeviceRow>>;

const models = new WeakMap<Sequelize, KnownDeviceModel>();

export function knownDeviceModel(sequelize: Sequelize): KnownDeviceModel {
  let model = models.get(sequelize);
  if (!model) {
    model = sequelize.define(
      'KnownDevice',
      {
        user_id: { type: DataTypes.UUID, primaryKey: true },
        fingerprint: { type: DataTypes.BLOB, primaryKey: true },
        first_seen_at: { type: DataTypes.DATE },
        last_seen_at: { type: DataTypes.DATE },
      },
      { tableName: 'known_devices', timestamps: false },
    ) as KnownDeviceModel;
    models.set(sequelize, model);
  }
  return model;
}
