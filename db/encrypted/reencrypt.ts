import type { Model, ModelStatic } from 'sequelize';
import type { DataClass } from '../../lib/crypto';
import { bulkUpdateById, type RowRewrite } from './bulk-update-by-id';
import { encryptInstance } from './encrypt-instance';
import { encryptedModelSpec } from './encrypted-model-spec';
import { columnsUsingKey, rowsUsingKeyWhere } from './key-usage';

/**
 * One batch of key rotation (SEC-DATA-02): up to `limit` rows of `model` still under
 * (`dataClass`, `version`) are locked, decrypted and written again under the newest key.
 * Each row is encrypted in memory exactly as a save would (encryptInstance: same associated data
 * table/column/row id, blind index, newest key), then the whole batch is written in one UPDATE
 * that leaves any row no longer holding its old values alone (bulkUpdateById).
 * Returns how many rows the batch took; the rotation workflow repeats until 0.
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
    const fields = spec.fields.filter((f) => columnsUsingKey(f, dataClass, version).length > 0);
    const columns = fields.flatMap((f) =>
      [f.ciphertextAttribute, f.blindIndexAttribute].filter((c): c is string => !!c),
    );
    const valuesOf = (row: Model) =>
      Object.fromEntries(columns.map((c) => [c, (row.getDataValue(c as never) as string | null) ?? null]));
    const rewrites: RowRewrite[] = await Promise.all(
      rows.map(async (row) => {
        const expected = valuesOf(row);
        for (const field of fields) row.changed(field.attribute as never, true);
        await encryptInstance(row, spec);
        return { id: row.getDataValue(spec.primaryKey as never) as string, expected, next: valuesOf(row) };
      }),
    );
    // Rows are locked FOR UPDATE, so all are written; the check in the UPDATE is the second guard.
    await bulkUpdateById(model, spec.primaryKey, columns, rewrites, transaction);
    return rows.length;
  });
}
