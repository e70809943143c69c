import type { Model } from 'sequelize';
import { blindIndex, encryptField, type FieldKey } from '../../lib/crypto';
import type { EncryptedField, EncryptedModelSpec } from './encrypted-model-spec';
import { EncryptedAttributeMisuseError } from './errors';
import { keyringOf } from './keyring-binding';

function ensureSaved(fields: unknown, names: (string | undefined)[]): void {
  if (!Array.isArray(fields)) return;
  for (const name of names) if (name && !fields.includes(name)) fields.push(name);
}

function rowIdOf(instance: Model, spec: EncryptedModelSpec): string {
  const id: unknown = instance.getDataValue(spec.primaryKey as never);
  if (typeof id !== 'string' || id === '') {
    throw new EncryptedAttributeMisuseError(`${spec.table}: the row id must exist before encryption`);
  }
  return id;
}

function fieldKeyOf(instance: Model, spec: EncryptedModelSpec, field: EncryptedField): FieldKey {
  if (!field.perUser) return { dataClass: field.dataClass };
  const userId: unknown = instance.getDataValue(field.perUser as never);
  if (typeof userId !== 'string' || userId === '') {
    throw new EncryptedAttributeMisuseError(
      `${spec.table}.${field.attribute} needs ${field.perUser} to encrypt`,
    );
  }
  return { userId };
}

/**
 * Before a row is written: every encrypted attribute set (new row) or changed (update) is
 * encrypted into its ciphertext column, with its blind index. Refuses writes that would bypass
 * this: a ciphertext column set directly, or a per-user row moved to another user.
 */
export async function encryptInstance(
  instance: Model,
  spec: EncryptedModelSpec,
  fieldsOption?: unknown,
): Promise<void> {
  const keyring = keyringOf(instance.sequelize);
  const rowId = rowIdOf(instance, spec);
  for (const field of spec.fields) {
    if (field.perUser && !instance.isNewRecord && instance.changed(field.perUser as never)) {
      throw new EncryptedAttributeMisuseError(
        `${spec.table}.${field.perUser} cannot change: its row holds data under that user's key`,
      );
    }
  }
  for (const field of spec.fields) {
    const plaintext: unknown = instance.getDataValue(field.attribute as never);
    const plaintextSet = instance.isNewRecord
      ? plaintext !== undefined
      : instance.changed(field.attribute as never);
    const derived = [field.ciphertextAttribute, field.blindIndexAttribute].filter((a): a is string => !!a);
    if (!plaintextSet) {
      if (derived.some((a) => instance.changed(a as never))) {
        throw new EncryptedAttributeMisuseError(
          `${spec.table}.${field.ciphertextAttribute} is written only by encrypting ${field.attribute}`,
        );
      }
      continue;
    }
    let ciphertext: string | null = null;
    let index: string | null = null;
    if (plaintext !== null && plaintext !== undefined) {
      if (typeof plaintext !== 'string') {
        throw new EncryptedAttributeMisuseError(`${spec.table}.${field.attribute} must be a string`);
      }
      const location = { table: spec.table, column: field.ciphertextAttribute, rowId };
      ciphertext = await encryptField(keyring, plaintext, location, fieldKeyOf(instance, spec, field));
      if (field.blindIndexAttribute && field.normalizer) {
        index = await blindIndex(keyring, `${spec.table}.${field.attribute}`, plaintext, field.normalizer);
      }
    }
    instance.setDataValue(field.ciphertextAttribute as never, ciphertext as never);
    if (field.blindIndexAttribute) instance.setDataValue(field.blindIndexAttribute as never, index as never);
    ensureSaved(fieldsOption, derived);
  }
}
