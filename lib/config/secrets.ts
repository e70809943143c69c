import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Secrets are only ever read from files: `<NAME>_FILE` names a file, else `<SECRETS_DIR>/<name>`.
 * A secret given as a plain environment variable is never read (SEC-CFG-01).
 */
export type SecretSource = 'file-env' | 'secrets-dir' | 'absent';

export interface SecretReader {
  read(name: string): string | undefined;
  /** Names of secrets that were (wrongly) also set as plain environment variables. */
  plainEnvironmentLeaks(names: readonly string[]): string[];
}

export function secretReader(env: NodeJS.ProcessEnv): SecretReader {
  const dir = env.SECRETS_DIR;
  return {
    read(name) {
      const fromEnv = env[`${name.toUpperCase()}_FILE`];
      const path = fromEnv ?? (dir ? join(dir, name.toLowerCase()) : undefined);
      if (!path || !existsSync(path)) return undefined;
      const value = readFileSync(path, 'utf8').trim();
      return value === '' ? undefined : value;
    },
    plainEnvironmentLeaks(names) {
      return names.filter((n) => env[n.toUpperCase()] !== undefined);
    },
  };
}
