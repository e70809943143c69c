import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The platform processes the crash test runs of its own: the API and one per worker pool. */
export const ENTRY_POINTS = {
  api: 'api/server.ts',
  bookings: 'workers/bookings.ts',
  payments: 'workers/payments.ts',
  suppliers: 'workers/suppliers.ts',
  notify: 'workers/notify.ts',
  maintenance: 'workers/maintenance.ts',
} as const;

export type AppName = keyof typeof ENTRY_POINTS;

/**
 * One platform process, started exactly as scripts/start-app.sh starts it (`node --import tsx
 * <entry>`, leader of its own process group, output appended to its log), restartable after a
 * SIGKILL. Each start is a new pid: the test tells incarnations apart by it. `extraEnv` is for
 * that incarnation only (the crash test's fault hook).
 */
export class AppProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  readonly log: string;
  starts = 0;

  constructor(
    readonly name: AppName,
    private readonly root: string,
    private readonly env: NodeJS.ProcessEnv,
    logDir: string,
  ) {
    this.log = join(logDir, `${name}.log`);
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Resolves when the current incarnation has exited, however it ended. */
  get exit(): Promise<void> {
    return this.exited;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(extraEnv: NodeJS.ProcessEnv = {}): number {
    if (this.running) throw new Error(`${this.name} is already running`);
    const fd = openSync(this.log, 'a');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', ENTRY_POINTS[this.name]], {
        cwd: this.root,
        env: { ...this.env, ...extraEnv },
        detached: true,
        stdio: ['ignore', fd, fd],
      });
      this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
      this.child = child;
    } finally {
      closeSync(fd);
    }
    this.starts += 1;
    if (!this.child.pid) throw new Error(`${this.name} did not start`);
    return this.child.pid;
  }

  /** Signals the whole process group (node and anything it started) and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGKILL', graceMs = 10_000): Promise<void> {
    const pid = this.pid;
    if (!pid || !this.running) return;
    try {
      process.kill(-pid, signal);
    } catch {
      return; // already gone
    }
    const late = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }, graceMs);
    await this.exited;
    clearTimeout(late);
  }

  /** The last lines of its log, for a report that says why it did not come up. */
  tail(lines = 20): string {
    try {
      return readFileSync(this.log, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
