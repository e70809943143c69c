/** Sequelize-level field encryption: how a model declares encrypted attributes (docs/keys.md). */
export { encryptedAttribute, type EncryptedAttributeSpec } from './encrypted-attribute';
export { initEncryptedModel } from './init-encrypted-model';
export { attachKeyring, keyringOf } from './keyring-binding';
export { findAllByBlindIndex, findOneByBlindIndex } from './find-by-blind-index';
export { modelKeyUsage, rowsUsingKeyWhere } from './key-usage';
export { reencryptRowsUsingKey } from './reencrypt';
export { decryptInstances } from './decrypt-instances';
export { encryptedModelSpec, type EncryptedField, type EncryptedModelSpec } from './encrypted-model-spec';
export { EncryptedAttributeMisuseError } from './errors';
