import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private secrets directory laid out as the stack mounts one (one file per secret, mode 600),
 * for tests that rotate a secret: install a value, remove the previous one, then rebuild the app
 * from `env` the way a restarted process reads it.
 */
export interface SecretsDir {
  dir: string;
  /** `SECRETS_DIR` pointing here, on top of the stack's own environment. */
  env: NodeJS.ProcessEnv;
  write(name: string, value: string): void;
  remove(name: string): void;
  close(): void;
}

export function secretsDir(prefix: string): SecretsDir {
  const dir = mkdtempSync(join(tmpdir(), `travelhub-${prefix}-`));
  return {
    dir,
    env: { ...process.env, SECRETS_DIR: dir },
    write: (name, value) => writeFileSync(join(dir, name), `${value}\n`, { mode: 0o600 }),
    remove: (name) => rmSync(join(dir, name), { force: true }),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
