import { DataTypes, type Model } from 'sequelize';

/**
 * An amount column in integer minor units: BIGINT in the table, read as a JS number (pg returns
 * bigint as a string; the platform's amounts always fit a number). Every model's amount uses it.
 */
export function minorUnitsColumn(name: string) {
  return {
    type: DataTypes.BIGINT,
    allowNull: false,
    get(this: Model): number {
      return Number(this.getDataValue(name));
    },
  };
}
