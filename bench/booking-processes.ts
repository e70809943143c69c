import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import { join } from 'node:path';
import { cpuSecondsOf } from './process-cpu';

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

const running = new Set<ChildProcess>();
// Whatever ends the bench, its processes end with it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

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
