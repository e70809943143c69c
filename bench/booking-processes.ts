import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A process bench/booking started, with the file its stderr goes to. */
export interface BenchProcess {
  name: string;
  child: ChildProcess;
  log: string;
  /** Its CPU time (user + system) so far, from /proc: what a busy machine distorts least. */
  cpuSeconds(): number;
  /** SIGTERM (graceful drain), SIGKILL after 45 s. */
  stop(): Promise<void>;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const running = new Set<ChildProcess>();
// Whatever ends the bench, its processes end with it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** User + system CPU seconds of a process (fields 14 and 15 of /proc/<pid>/stat). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * A process's CPU seconds so far by kind of thread (/proc/<pid>/task): its main JavaScript thread,
 * and the others by their name (Temporal's Rust core runs on `tokio-runtime-w` threads, workflow
 * code on worker threads, V8's compiler and GC helpers on `V8 DefaultWorke`, libuv's pool on
 * `libuv-worker`).
 */
export function cpuSecondsByThread(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const name =
      tid === String(pid)
        ? 'main thread (JavaScript)'
        : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    byName.set(name, (byName.get(name) ?? 0) + seconds);
  }
  return byName;
}

const statFields = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/**
 * CPU seconds of a server and its children so far (Postgres: the postmaster and every backend):
 * the live children's own time, plus what the parent has reaped of those that ended (cutime).
 */
export function processTreeCpuSeconds(pid: number): number {
  const parent = statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  let ticks = Number(parent[11]) + Number(parent[12]) + Number(parent[13]) + Number(parent[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // it ended meanwhile
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** The process listening on a local TCP port (`ss`), e.g. the stack's Postgres. */
export function listenerPid(port: number): number | undefined {
  try {
    const ss = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    const pid = /pid=(\d+)/.exec(ss)?.[1];
    return pid ? Number(pid) : undefined;
  } catch {
    return undefined;
  }
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Starts `node --import tsx <file> ...args` and resolves once its stdout shows `ready` (120 s at
 * most: a loaded machine bundles workflow code slowly) with the first match. Later stdout (the
 * JSON log) goes to `<logDir>/<name>.out.log`, stderr to `<logDir>/<name>.log`; both are kept
 * when the bench fails.
 */
export async function spawnReady(
  name: string,
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logDir: string,
  ready: RegExp,
): Promise<{ process: BenchProcess; match: RegExpExecArray }> {
  const log = join(logDir, `${name}.log`);
  // BENCH_CPU_PROF=<dir> profiles every child (node --cpu-prof; written when it exits).
  const profile = env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', join(env.BENCH_CPU_PROF, name)] : [];
  // BENCH_DEP_PROBE_FILE=<file> counts and times the child's Postgres, Redis and Temporal calls.
  const probe = env.BENCH_DEP_PROBE_FILE ? ['--import', join(__dirname, 'dependency-probe.ts')] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', ...probe, file, ...args], {
    env,
    stdio: ['ignore', 'pipe', openSync(log, 'a')],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready within 120 s (see ${log})`)), 120_000);
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString('utf8')).slice(-65_536);
      const found = ready.exec(seen);
      if (!found) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.pipe(createWriteStream(join(logDir, `${name}.out.log`)));
      resolve(found);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready (see ${log})`));
    });
  });
  return {
    match,
    process: {
      name,
      child,
      log,
      cpuSeconds: () => cpuSecondsOf(child.pid!),
      async stop() {
        if (hasExited(child)) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
        await exited;
        clearTimeout(timer);
      },
    },
  };
}
