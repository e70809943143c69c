import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempSecrets {
  /** A SECRETS_DIR holding `kek` (32 random bytes, base64), as scripts/stack.sh must create it. */
  dir: string;
  kek: Buffer;
  remove(): void;
}

export function tempKekDir(kek: Buffer = randomBytes(32)): TempSecrets {
  const dir = mkdtempSync(join(tmpdir(), 'th-kek-'));
  writeFileSync(join(dir, 'kek'), `${kek.toString('base64')}\n`, { mode: 0o600 });
  return { dir, kek, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
