import { DataTypes, Model, type CreationOptional, type Sequelize } from 'sequelize';

/** A business customer (table `companies`, migration 0400); its members are users with a business role. */
export class Company extends Model {
  declare id: CreationOptional<string>;
  declare name: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initCompany(sequelize: Sequelize): typeof Company {
  return Company.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      name: { type: DataTypes.TEXT, allowNull: false },
    },
    { sequelize, tableName: 'companies', underscored: true, timestamps: true },
  );
}
