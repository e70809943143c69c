import type { FindOptions, Model, ModelStatic, WhereOptions } from 'sequelize';
import { blindIndexCandidates } from '../../lib/crypto';
import { encryptedModelSpec } from './encrypted-model-spec';
import { EncryptedAttributeMisuseError } from './errors';
import { keyringOf } from './keyring-binding';

/**
 * Finds rows whose encrypted `attribute` equals `value` (after its normalization), through the
 * keyed blind index under every readable key version (SEC-DATA-03). The plaintext never reaches
 * the database.
 */
export async function findAllByBlindIndex<M extends Model>(
  model: ModelStatic<M>,
  attribute: string,
  value: string,
  options: FindOptions = {},
): Promise<M[]> {
  const spec = encryptedModelSpec(model as ModelStatic<Model>);
  const field = spec?.fields.find((f) => f.attribute === attribute);
  if (!spec || !field?.blindIndexAttribute || !field.normalizer) {
    throw new EncryptedAttributeMisuseError(`${model.name}.${attribute} has no blind index`);
  }
  const candidates = await blindIndexCandidates(
    keyringOf(model.sequelize),
    `${spec.table}.${field.attribute}`,
    value,
    field.normalizer,
  );
  const byIndex = { [field.blindIndexAttribute]: candidates } as WhereOptions;
  const where = options.where ? ({ ...byIndex, ...(options.where as object) } as WhereOptions) : byIndex;
  return model.findAll({ ...options, where });
}

export async function findOneByBlindIndex<M extends Model>(
  model: ModelStatic<M>,
  attribute: string,
  value: string,
  options: FindOptions = {},
): Promise<M | null> {
  const [first] = await findAllByBlindIndex(model, attribute, value, { ...options, limit: 1 });
  return first ?? null;
}
