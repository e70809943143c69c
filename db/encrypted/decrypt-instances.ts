import { Model, type FindOptions, type ModelStatic, type Transaction } from 'sequelize';
import { decryptField, KeyRetiredError } from '../../lib/crypto';
import { encryptedModelSpec, type EncryptedField, type EncryptedModelSpec } from './encrypted-model-spec';
import { EncryptedAttributeMisuseError } from './errors';
import { keyringOf } from './keyring-binding';

/**
 * The row's ciphertext as it is now, when the one read names a key version retired since: a
 * version is retired only once no row uses it, so the row was re-encrypted after the read. Read in
 * the finder's transaction; null when it still names that version (a snapshot older than the
 * re-encryption) or the row is gone, and the error stands.
 */
async function currentCiphertext(
  instance: Model,
  spec: EncryptedModelSpec,
  field: EncryptedField,
  read: string,
  transaction: Transaction | undefined,
): Promise<string | null> {
  const model = instance.constructor as ModelStatic<Model>;
  // hooks: false (Sequelize honours it, its types do not list it): the raw ciphertext, no decryption.
  const options = {
    where: { [spec.primaryKey]: instance.dataValues[spec.primaryKey] as string },
    attributes: [field.ciphertextAttribute],
    transaction,
    hooks: false,
    raw: true,
  } as FindOptions;
  const row = (await model.findOne(options)) as unknown as Record<string, unknown> | null;
  const now = row?.[field.ciphertextAttribute];
  return typeof now === 'string' && now !== read ? now : null;
}

async function decryptOne(
  instance: Model,
  spec: EncryptedModelSpec,
  transaction: Transaction | undefined,
): Promise<void> {
  const values = instance.dataValues as Record<string, unknown>;
  await Promise.all(
    spec.fields.map(async (field) => {
      if (!(field.ciphertextAttribute in values)) return; // not selected
      const ciphertext = values[field.ciphertextAttribute];
      let plaintext: string | null = null;
      if (typeof ciphertext === 'string') {
        const rowId = values[spec.primaryKey];
        const userId = field.perUser ? values[field.perUser] : undefined;
        if (typeof rowId !== 'string' || (field.perUser && typeof userId !== 'string')) {
          throw new EncryptedAttributeMisuseError(
            `${spec.table}.${field.attribute}: select ${spec.primaryKey}${field.perUser ? ` and ${field.perUser}` : ''} to decrypt`,
          );
        }
        const decrypt = (text: string) =>
          decryptField(
            keyringOf(instance.sequelize),
            text,
            { table: spec.table, column: field.ciphertextAttribute, rowId },
            { userId: userId as string | undefined, expectedKeyClass: field.keyClass },
          );
        try {
          plaintext = await decrypt(ciphertext);
        } catch (err) {
          if (!(err instanceof KeyRetiredError)) throw err;
          const now = await currentCiphertext(instance, spec, field, ciphertext, transaction);
          if (now === null) throw err;
          plaintext = await decrypt(now);
          instance.set(field.ciphertextAttribute as never, now as never, { raw: true });
        }
      }
      // raw: sets the value without marking it changed, so a later save re-encrypts nothing.
      instance.set(field.attribute as never, plaintext as never, { raw: true });
    }),
  );
}

function collect(node: unknown, out: Set<Model>): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, out);
    return;
  }
  if (!(node instanceof Model) || out.has(node)) return;
  out.add(node);
  // Eagerly loaded associations sit in dataValues; their models' afterFind hooks do not run.
  for (const value of Object.values(node.dataValues as Record<string, unknown>)) collect(value, out);
}

/**
 * After a find: decrypts every encrypted attribute that was selected, in the found rows and in
 * every included row of an encrypted model. Any failure (tampered, moved, shredded) throws; a
 * key retired since the read is the one case read again (currentCiphertext).
 */
export async function decryptInstances(result: unknown, transaction?: Transaction): Promise<void> {
  const instances = new Set<Model>();
  collect(result, instances);
  await Promise.all(
    [...instances].map(async (instance) => {
      const spec = encryptedModelSpec(instance.constructor as ModelStatic<Model>);
      if (spec) await decryptOne(instance, spec, transaction);
    }),
  );
}
