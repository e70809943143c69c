import type { EncryptedModelSpec } from './encrypted-model-spec';

/**
 * An explicit attribute list naming an encrypted field also selects the row id and owner its
 * ciphertext is bound to (Sequelize itself adds the ciphertext column, a VIRTUAL dependency).
 */
export function selectWhatDecryptionNeeds(options: { attributes?: unknown }, spec: EncryptedModelSpec): void {
  const attributes = options.attributes;
  if (!Array.isArray(attributes)) return;
  const needed = new Set<string>();
  for (const field of spec.fields) {
    if (attributes.includes(field.attribute) || attributes.includes(field.ciphertextAttribute)) {
      needed.add(spec.primaryKey);
      if (field.perUser) needed.add(field.perUser);
    }
  }
  for (const name of needed) if (!attributes.includes(name)) attributes.push(name);
}
