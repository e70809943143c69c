import { Op, Sequelize, type Model, type ModelStatic, type Transaction } from 'sequelize';

/** Per row (by primary key): each column's value before the write and the value to write. */
export interface RowRewrite {
  id: string;
  /** Column → value the row must still hold (null: must be null). */
  expected: Record<string, string | null>;
  /** Column → value written in its place. */
  next: Record<string, string | null>;
}

/** `jsonb_extract_path_text('{"<id>": value, …}'::jsonb, <pk>::text)`: this row's entry of a map. */
function valueForRow(map: Record<string, string | null>, primaryKey: string) {
  return Sequelize.fn(
    'jsonb_extract_path_text',
    Sequelize.cast(JSON.stringify(map), 'jsonb'),
    Sequelize.cast(Sequelize.col(primaryKey), 'text'),
  );
}

/**
 * Writes different values into `columns` of many rows in ONE UPDATE (key rotation's batch write):
 * each column is set from a JSON map id → new value, and a row is written only while every column
 * still holds its expected value (an optimistic check: a row a concurrent writer already changed
 * is left alone). Built by Sequelize from values it escapes (SEC-VAL-05: no SQL text here); the
 * model's hooks are skipped on purpose, because they refuse ciphertext columns in Model.update:
 * the caller computed every value with the model's own encryption. Returns the rows written.
 */
export async function bulkUpdateById(
  model: ModelStatic<Model>,
  primaryKey: string,
  columns: string[],
  rows: RowRewrite[],
  transaction: Transaction,
): Promise<number> {
  if (rows.length === 0 || columns.length === 0) return 0;
  const values: Record<string, unknown> = {};
  const unchanged = [];
  for (const column of columns) {
    const next = Object.fromEntries(rows.map((r) => [r.id, r.next[column] ?? null]));
    const expected = Object.fromEntries(rows.map((r) => [r.id, r.expected[column] ?? null]));
    values[column] = valueForRow(next, primaryKey);
    // coalesce: null = null is not true in SQL; a ciphertext is never ''.
    unchanged.push(
      Sequelize.where(
        Sequelize.fn('coalesce', Sequelize.col(column), ''),
        Sequelize.fn('coalesce', valueForRow(expected, primaryKey), ''),
      ),
    );
  }
  const [written] = await model.update(values, {
    where: { [primaryKey]: rows.map((r) => r.id), [Op.and]: unchanged },
    transaction,
    hooks: false,
    validate: false,
  });
  return written;
}
