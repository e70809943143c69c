import type { Model, ModelStatic } from 'sequelize';
import type { EncryptionClass, KeyClass, Normalizer } from '../../lib/crypto';

/** One encrypted attribute of a model, as `initEncryptedModel` expanded it. */
export interface EncryptedField {
  /** In-memory plaintext attribute (VIRTUAL). */
  attribute: string;
  /** Column holding the ciphertext; also the column name bound into the associated data. */
  ciphertextAttribute: string;
  blindIndexAttribute?: string;
  normalizer?: Normalizer;
  dataClass: EncryptionClass;
  /** Key class its ciphertexts must name: the data class, or `user` for per-user fields. */
  keyClass: KeyClass;
  perUser?: string;
}

export interface EncryptedModelSpec {
  table: string;
  primaryKey: string;
  fields: EncryptedField[];
}

const specs = new WeakMap<ModelStatic<Model>, EncryptedModelSpec>();

export function registerEncryptedModel(model: ModelStatic<Model>, spec: EncryptedModelSpec): void {
  specs.set(model, spec);
}

export function encryptedModelSpec(model: ModelStatic<Model>): EncryptedModelSpec | undefined {
  return specs.get(model);
}

/** Attribute names whose values must never appear in a query (they are plaintext). */
export function plaintextAttributes(spec: EncryptedModelSpec): Set<string> {
  return new Set(spec.fields.map((f) => f.attribute));
}
