import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Gives the local OpenSearch the last core and this process (and so every child it starts after:
 * the API processes, wrk) the others, as separate hosts would; `restore` gives OpenSearch every
 * core again. With `taskset` (util-linux); it needs the right to change OpenSearch's affinity.
 */
export function splitCores(opensearchPid: number | undefined): { says: string; restore(): void } {
  const cores = availableParallelism();
  if (!opensearchPid || cores < 2) {
    throw new Error('--split-cores needs a local OpenSearch process and at least 2 cores');
  }
  const last = String(cores - 1);
  const rest = cores === 2 ? '0' : `0-${cores - 2}`;
  const taskset = (list: string, pid: string) => execFileSync('taskset', ['-a', '-pc', list, pid]);
  taskset(last, String(opensearchPid));
  taskset(rest, String(process.pid));
  return {
    says: `OpenSearch pinned to core ${last}, the API processes, wrk and this bench to core${cores === 2 ? '' : 's'} ${rest} (--split-cores)`,
    restore: () => taskset(`0-${last}`, String(opensearchPid)),
  };
}
