import { createSequelize } from '../clients/database';
import type { Config } from '../config';
import { keyringFromConfig, type Keyring } from '../crypto';

export interface PayloadKeys {
  keyring: Keyring;
  /** Closes what was opened for the keys (nothing when the caller gave its own keyring). */
  close(): Promise<void>;
}

/**
 * The keyring a Temporal client or worker seals payloads with: the caller's, or one on a
 * connection of its own to config's database (app role) for processes that hold none, such as
 * the booking and suppliers pools and the operator tools. The connection opens on first use.
 */
export function payloadKeys(config: Config, keyring?: Keyring): PayloadKeys {
  if (keyring) return { keyring, close: async () => undefined };
  const sequelize = createSequelize(config, 'app');
  return { keyring: keyringFromConfig(config, sequelize), close: () => sequelize.close() };
}

/** Makes `owner.close()` close `keys` too, once the owner itself is closed. */
export function closingWith<T extends { close(): Promise<void> }>(owner: T, keys: PayloadKeys): T {
  const closeOwner = owner.close.bind(owner);
  owner.close = async () => {
    try {
      await closeOwner();
    } finally {
      await keys.close();
    }
  };
  return owner;
}
