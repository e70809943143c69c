import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const DEPENDENCIES = ['redis', 'postgres', 'temporal', 'opensearch'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

/** The processes whose parent is `pid` (from /proc: the field after the command name's parenthesis). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return ppid === pid ? [Number(entry)] : [];
    } catch {
      return []; // exited meanwhile
    }
  });
}

/**
 * One service of the stack the fault test runs on (scripts/stack.sh, the profile in
 * TRAVELHUB_PROFILE: under scripts/test.sh the test stack, never shared with anyone). Stop and
 * start go through stack.sh, as `up` and `down` do; a pause freezes every process of the service
 * (SIGSTOP), as a hung server is: connections stay open, nothing answers.
 */
export class StackService {
  constructor(
    readonly name: Dependency,
    private readonly root: string,
    /** $TH_STATE of the profile (scripts/fault-test.sh passes it). */
    private readonly stateDir: string,
  ) {}

  async stop(): Promise<void> {
    await this.stack('stop');
  }

  /** Resolves once the service is healthy again (stack.sh waits for it). */
  async start(): Promise<void> {
    await this.stack('start');
  }

  pause(): void {
    this.signal('SIGSTOP');
  }

  resume(): void {
    this.signal('SIGCONT');
  }

  /**
   * The whole process group; for Postgres the postmaster first (it forks no backend while stopped),
   * then each of its children, which lead groups of their own.
   */
  private signal(signal: NodeJS.Signals): void {
    const leader = this.processGroup();
    process.kill(-leader, signal);
    if (this.name !== 'postgres') return;
    for (const child of childrenOf(leader)) {
      try {
        process.kill(child, signal);
      } catch {
        // exited meanwhile
      }
    }
  }

  /** Postgres's postmaster leads its own group; the others were started under setsid (stack.sh spawn). */
  private processGroup(): number {
    const file =
      this.name === 'postgres'
        ? join(this.stateDir, 'pg', 'postmaster.pid')
        : join(this.stateDir, 'run', `${this.name}.pid`);
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 1) throw new Error(`no process group for ${this.name} in ${file}`);
    return pid;
  }

  private async stack(action: 'stop' | 'start'): Promise<void> {
    await run('bash', [join(this.root, 'scripts/stack.sh'), 'service', action, this.name], {
      env: process.env,
      timeout: 240_000,
    });
  }
}
