import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shipped list (data/README.md says where it comes from). */
export const COMMON_PASSWORDS_FILE = join(__dirname, 'data', 'common-passwords.txt');

/** How list entries and candidates are compared: one Unicode form, case folded. */
export function passwordListForm(password: string): string {
  return password.normalize('NFKC').toLowerCase();
}

let loaded: ReadonlySet<string> | undefined;

/** The common/breached password list, loaded once (about 20,000 entries). */
export function commonPasswords(): ReadonlySet<string> {
  loaded ??= new Set(
    readFileSync(COMMON_PASSWORDS_FILE, 'utf8')
      .split('\n')
      .map((line) => line.replace(/\r$/, ''))
      .filter((line) => line !== '')
      .map(passwordListForm),
  );
  return loaded;
}
