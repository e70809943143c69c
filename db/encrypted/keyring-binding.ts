import type { Sequelize } from 'sequelize';
import type { Keyring } from '../../lib/crypto';
import { EncryptedAttributeMisuseError } from './errors';

const keyrings = new WeakMap<Sequelize, Keyring>();

/** Encrypted models on `sequelize` encrypt and decrypt with `keyring`. */
export function attachKeyring(sequelize: Sequelize, keyring: Keyring): void {
  keyrings.set(sequelize, keyring);
}

/** Without a keyring nothing encrypted is written or read: fail closed. */
export function keyringOf(sequelize: Sequelize | undefined): Keyring {
  const keyring = sequelize && keyrings.get(sequelize);
  if (!keyring)
    throw new EncryptedAttributeMisuseError('no keyring attached to this Sequelize instance (attachKeyring)');
  return keyring;
}
