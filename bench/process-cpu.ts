import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** What the benches read of processes on this host: CPU time from /proc, a port's listener from `ss`. */
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** The fields of a /proc stat line after the command name (which may hold spaces and parentheses). */
const statFields = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/** User + system CPU seconds of a process (fields 14 and 15 of /proc/<pid>/stat). */
export function cpuSecondsOf(pid: number | 'self'): number {
  const fields = statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
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
    const fields = statFields(stat);
    const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    byName.set(name, (byName.get(name) ?? 0) + seconds);
  }
  return byName;
}

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
