import type { Model, ModelStatic } from 'sequelize';
import type { DataClass } from '../../lib/crypto';
import { encryptedModelSpec } from './encrypted-model-spec';
import { columnsUsingKey, rowsUsingKeyWhere } from './key-usage';

/**
 * One batch of key rotation (SEC-DATA-02): up to `limit` rows of `model` still under
 * (`dataClass`, `version`) are locked, decrypted and written again under the newest key.
 * Returns how many rows were re-encrypted; the rotation workflow repeats until 0.
 */
export async function reencryptRowsUsingKey(
  model: ModelStatic<Model>,
  dataClass: DataClass,
  version: number,
  limit = 100,
): Promise<number> {
  const spec = encryptedModelSpec(model);
  const where = rowsUsingKeyWhere(model, dataClass, version);
  if (!spec || !where) return 0;
  const sequelize = model.sequelize!;
  return sequelize.transaction(async (transaction) => {
    const rows = await model.findAll({
      where,
      limit,
      transaction,
      lock: transaction.LOCK.UPDATE,
      skipLocked: true,
    });
    for (const row of rows) {
      for (const field of spec.fields) {
        if (columnsUsingKey(field, dataClass, version).length > 0)
          row.changed(field.attribute as never, true);
      }
      await row.save({ transaction });
    }
    return rows.length;
  });
}
