import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { TestDatabase } from '../../helpers/databases';

const ROOT = join(__dirname, '..', '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the operator command `node --import tsx tools/audit-verify.ts` against `db`. */
export function runAuditVerify(
  db: TestDatabase,
  publicKeysFile: string,
  args: string[] = [],
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'tools/audit-verify.ts', ...args],
      {
        cwd: ROOT,
        timeout: 60_000,
        env: {
          ...process.env,
          DATABASE_URL: db.config.database.url,
          DATABASE_ADMIN_URL: db.config.database.adminUrl,
          AUDIT_SIGNING_KEY_PUB_FILE: publicKeysFile,
        },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
