import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** tools/card-frame/main.ts run as its own process, as scripts/stack.sh runs it, with its output kept. */
export interface CardFrameProcess {
  origin: string;
  /** Everything the service wrote to stdout and stderr so far (its log). */
  output(): string;
  /** Resolves once the log has a line matching `pattern` (bounded by count, not by time). */
  waitForLog(pattern: RegExp): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..', '..');

export async function startCardFrameProcess(allowedParents: string[]): Promise<CardFrameProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tools/card-frame/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      CARD_FRAME_PORT: '0',
      CARD_FRAME_ORIGIN: '',
      CARD_FRAME_ALLOWED_PARENTS: allowedParents.join(','),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`card frame did not start: ${output}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`card frame exited (${code}): ${output}`)));
    const seen = () => {
      const match = /card frame on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    };
    child.stdout!.on('data', seen);
  });
  return {
    origin,
    output: () => output,
    waitForLog: async (pattern) => {
      for (let i = 0; i < 200 && !pattern.test(output); i += 1) await sleep(25);
      if (!pattern.test(output)) throw new Error(`the card frame never logged ${pattern}`);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
