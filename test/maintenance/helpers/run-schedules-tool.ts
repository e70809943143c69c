import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the operator command `node --import tsx tools/schedules/main.ts …` as scripts/up.sh does. */
export function runSchedulesTool(args: string[]): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'tools/schedules/main.ts', ...args],
      { cwd: ROOT, timeout: 60_000, env: process.env },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
