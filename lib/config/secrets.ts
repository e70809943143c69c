import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RotatingSecret } from '../crypto/rotating-secret';
import { ConfigError } from './config-error';

/**
 * Secrets are only ever read from files: `<NAME>_FILE` names a file, else `<SECRETS_DIR>/<name>`.
 * A secret given as a plain environment variable is never read (SEC-CFG-01).
 */
export type SecretSource = 'file-env' | 'secrets-dir' | 'absent';

export interface SecretReader {
  read(name: string): string | undefined;
  /**
   * SEC-CFG-02: `<name>` and, during a rotation, `<name>_previous` (optional). A previous value
   * without a current one is a deployment error.
   */
  readRotating(name: string): RotatingSecret<string> | undefined;
  /**
   * SEC-CFG-02: the file `name` is read from, when there is one, for clients that read it again at
   * each new connection or request (a password or API key rotated without a restart).
   */
  fileOf(name: string): string | undefined;
  /** Names of secrets that were (wrongly) also set as plain environment variables. */
  plainEnvironmentLeaks(names: readonly string[]): string[];
}

/** Larger files are not secrets but a mistake (a directory, a device, a log file). */
const MAX_SECRET_FILE_BYTES = 65_536;

export function readSecretFile(path: string, variable: string): string | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if (!stat.isFile() || stat.size > MAX_SECRET_FILE_BYTES) {
    throw new ConfigError(`${variable} must name a regular file of at most ${MAX_SECRET_FILE_BYTES} bytes`);
  }
  const value = readFileSync(path, 'utf8').trim();
  return value === '' ? undefined : value;
}

/** The file name of a secret's previous value while it rotates. */
export const previousSecretName = (name: string) => `${name}_previous`;

export function secretReader(env: NodeJS.ProcessEnv): SecretReader {
  const dir = env.SECRETS_DIR;
  const reader: SecretReader = {
    readRotating(name) {
      const current = reader.read(name);
      const previous = reader.read(previousSecretName(name));
      if (previous === undefined) return current === undefined ? undefined : { current };
      if (current === undefined)
        throw new ConfigError(`${previousSecretName(name)} is set but ${name} is not`);
      return { current, previous };
    },
    read(name) {
      const variable = `${name.toUpperCase()}_FILE`;
      const named = env[variable];
      if (named) {
        // An explicitly named file that is missing is a deployment error, not an absent secret.
        const value = readSecretFile(named, variable);
        if (value === undefined) throw new ConfigError(`${variable} names a missing or empty file`);
        return value;
      }
      return dir ? readSecretFile(join(dir, name.toLowerCase()), 'SECRETS_DIR') : undefined;
    },
    fileOf(name) {
      const named = env[`${name.toUpperCase()}_FILE`];
      if (named) return named;
      const path = dir ? join(dir, name.toLowerCase()) : undefined;
      return path && statSync(path, { throwIfNoEntry: false })?.isFile() ? path : undefined;
    },
    plainEnvironmentLeaks(names) {
      return names.filter((n) => env[n.toUpperCase()] !== undefined || env[n.toLowerCase()] !== undefined);
    },
  };
  return reader;
}
