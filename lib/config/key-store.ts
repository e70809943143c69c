import type { DatabaseAddress } from './schema';
import type { SecretReader } from './secrets';

/**
 * SEC-DATA-04: the per-user data keys live in a database of their own (the key store), so a backup
 * of the main database never holds one and erasure (which shreds the key there) reaches it.
 * Unset addresses default to the main database's with `_keys` appended to its name, on the same
 * server and roles (the local stack and the tests: a private test database gets a private key
 * store next to it); `KEYS_DATABASE_URL` / `KEYS_DATABASE_ADMIN_URL` with the
 * `keys_database_password` / `keys_database_admin_password` files give it its own server and roles.
 */
export type KeyStoreConfig = Partial<DatabaseAddress>;

export function keyStoreConfig(env: NodeJS.ProcessEnv, secrets: SecretReader): KeyStoreConfig {
  return {
    ...(env.KEYS_DATABASE_URL && { url: env.KEYS_DATABASE_URL }),
    ...(env.KEYS_DATABASE_ADMIN_URL && { adminUrl: env.KEYS_DATABASE_ADMIN_URL }),
    password: secrets.read('keys_database_password'),
    adminPassword: secrets.read('keys_database_admin_password'),
    passwordFile: secrets.fileOf('keys_database_password'),
    adminPasswordFile: secrets.fileOf('keys_database_admin_password'),
  };
}

/** The key store's name beside a main database called `database`. */
export const keyStoreDatabaseName = (database: string) => `${database}_keys`;

function besideMain(mainUrl: string): string {
  const url = new URL(mainUrl);
  url.pathname = `/${keyStoreDatabaseName(decodeURIComponent(url.pathname.slice(1)))}`;
  return url.toString();
}

/**
 * The key store's addresses and passwords: the configured ones, else derived from the main
 * database's at the time of the call (so a config pointed at another main database brings its
 * key store along).
 */
export function keyStoreAddress<D extends DatabaseAddress>(config: {
  database: D;
  keyStore?: KeyStoreConfig;
}): D {
  const { database, keyStore = {} } = config;
  return {
    ...database,
    url: keyStore.url ?? besideMain(database.url),
    adminUrl: keyStore.adminUrl ?? besideMain(database.adminUrl),
    password: keyStore.password ?? database.password,
    adminPassword: keyStore.adminPassword ?? database.adminPassword,
    // A password of the key store's own is never replaced by the main database's file.
    passwordFile: keyStore.password === undefined ? database.passwordFile : keyStore.passwordFile,
    adminPasswordFile:
      keyStore.adminPassword === undefined ? database.adminPasswordFile : keyStore.adminPasswordFile,
  };
}
