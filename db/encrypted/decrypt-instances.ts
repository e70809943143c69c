import { Model, type ModelStatic } from 'sequelize';
import { decryptField } from '../../lib/crypto';
import { encryptedModelSpec, type EncryptedModelSpec } from './encrypted-model-spec';
import { EncryptedAttributeMisuseError } from './errors';
import { keyringOf } from './keyring-binding';

async function decryptOne(instance: Model, spec: EncryptedModelSpec): Promise<void> {
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
        plaintext = await decryptField(
          keyringOf(instance.sequelize),
          ciphertext,
          { table: spec.table, column: field.ciphertextAttribute, rowId },
          { userId: userId as string | undefined, expectedKeyClass: field.keyClass },
        );
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
 * every included row of an encrypted model. Any failure (tampered, moved, shredded) throws.
 */
export async function decryptInstances(result: unknown): Promise<void> {
  const instances = new Set<Model>();
  collect(result, instances);
  await Promise.all(
    [...instances].map(async (instance) => {
      const spec = encryptedModelSpec(instance.constructor as ModelStatic<Model>);
      if (spec) await decryptOne(instance, spec);
    }),
  );
}
