import { Op, type Model, type ModelStatic, type WhereOptions } from 'sequelize';
import type { DataClass, KeyUsageCounter } from '../../lib/crypto';
import { encryptedModelSpec, type EncryptedField } from './encrypted-model-spec';

/** The columns of `field` that hold values under (`dataClass`, `version`), with their prefix. */
export function columnsUsingKey(
  field: EncryptedField,
  dataClass: DataClass,
  version: number,
): [string, string][] {
  if (dataClass === 'blind_index') {
    return field.blindIndexAttribute ? [[field.blindIndexAttribute, `${version}.`]] : [];
  }
  if (field.keyClass === dataClass) return [[field.ciphertextAttribute, `v1.${dataClass}.${version}.`]];
  return [];
}

/** Where-clause matching rows of `model` that still use (`dataClass`, `version`) anywhere. */
export function rowsUsingKeyWhere(
  model: ModelStatic<Model>,
  dataClass: DataClass,
  version: number,
): WhereOptions | undefined {
  const spec = encryptedModelSpec(model);
  const conditions = (spec?.fields ?? [])
    .flatMap((f) => columnsUsingKey(f, dataClass, version))
    .map(([column, prefix]) => ({ [column]: { [Op.startsWith]: prefix } }));
  return conditions.length > 0 ? { [Op.or]: conditions } : undefined;
}

/**
 * The usage counter `Keyring.retire` needs: rows of the given encrypted models still holding a
 * ciphertext or blind index under a key version. Every encrypted model must be listed; the app's
 * model registry passes all of them.
 */
export function modelKeyUsage(models: ModelStatic<Model>[]): KeyUsageCounter {
  return async (dataClass, version) => {
    let total = 0;
    for (const model of models) {
      const where = rowsUsingKeyWhere(model, dataClass, version);
      if (where) total += await model.count({ where });
    }
    return total;
  };
}
