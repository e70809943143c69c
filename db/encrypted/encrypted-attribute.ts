import { DataTypes, type ModelAttributeColumnOptions } from 'sequelize';
import type { EncryptionClass, NormalizerName } from '../../lib/crypto';
import { EncryptedAttributeMisuseError } from './errors';

export interface EncryptedAttributeSpec {
  /** The data class the value belongs to (SEC-DATA-02); with `perUser` it records what the value is. */
  dataClass: EncryptionClass;
  /** Attribute holding the owning user's id: the value is encrypted under that user's key (SEC-DATA-04). */
  perUser?: string;
  /** Also keep a keyed blind index of the value (SEC-DATA-03), normalized this way, for lookups. */
  blindIndex?: NormalizerName;
}

const MARKER = Symbol.for('travelhub.encryptedAttribute');

export type EncryptedAttributeMarker = ModelAttributeColumnOptions & { [MARKER]: EncryptedAttributeSpec };

/**
 * Declares an encrypted attribute in a model passed to `initEncryptedModel`:
 *
 *   full_name: encryptedAttribute({ dataClass: 'pii', perUser: 'user_id' }),
 *
 * The attribute itself holds plaintext in memory only; its ciphertext lives in `<name>_encrypted`
 * (and its blind index in `<name>_bidx`). Given to a plain `Model.init` by mistake, it refuses
 * every value instead of storing anything.
 */
export function encryptedAttribute(spec: EncryptedAttributeSpec): EncryptedAttributeMarker {
  return {
    type: DataTypes.VIRTUAL,
    set() {
      throw new EncryptedAttributeMisuseError('encrypted attributes need initEncryptedModel, not Model.init');
    },
    [MARKER]: { ...spec },
  };
}

export function encryptedAttributeSpecOf(attribute: unknown): EncryptedAttributeSpec | undefined {
  if (attribute && typeof attribute === 'object' && MARKER in attribute) {
    return (attribute as EncryptedAttributeMarker)[MARKER];
  }
  return undefined;
}
