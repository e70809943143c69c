import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hitsWithin, readCpuProfile, type CpuProfile, type Window } from './cpu-profile-window';
import { place } from './search-probes';

/** The saga rounds of one kind: when they ran and how many sagas they completed. */
export interface SagaWindows {
  windows: Window[];
  sagas: number;
}

interface Spent {
  /** ms per saga by process (its directory name). */
  byProcess: Map<string, number>;
  /** ms of CPU per saga by place (package, project file or native), idle excluded. */
  byPlace: Map<string, number>;
  byFunction: Map<string, number>;
  total: number;
}

const meanIntervalMs = (p: CpuProfile) =>
  p.timeDeltas.reduce((a, b) => a + b, 0) / Math.max(1, p.timeDeltas.length) / 1000;

/** Adds what one process's profile spent inside `of.windows`, per saga, into `into`. */
function addProcess(into: Spent, name: string, profile: CpuProfile, of: SagaWindows): void {
  const hits = hitsWithin(profile, of.windows);
  const msPerSample = meanIntervalMs(profile) / of.sagas;
  for (const n of profile.nodes) {
    const count = hits.get(n.id);
    if (!count || n.callFrame.functionName === '(idle)') continue;
    const where = place(n.callFrame.url);
    const group = where.startsWith('node:') ? 'node: internals' : where;
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${where}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    into.byPlace.set(group, (into.byPlace.get(group) ?? 0) + count * msPerSample);
    into.byFunction.set(fn, (into.byFunction.get(fn) ?? 0) + count * msPerSample);
    into.total += count * msPerSample;
    into.byProcess.set(name, (into.byProcess.get(name) ?? 0) + count * msPerSample);
  }
}

function spentBy(dir: string, prefix: string, of: SagaWindows): Spent {
  const spent: Spent = { byProcess: new Map(), byPlace: new Map(), byFunction: new Map(), total: 0 };
  for (const name of readdirSync(dir).filter((d) => d.startsWith(prefix))) {
    addProcess(spent, name.slice(prefix.length), readCpuProfile(join(dir, name)), of);
  }
  return spent;
}

const fmt = (ms: number) => ms.toFixed(1);

function differenceRows(a: Map<string, number>, b: Map<string, number>, top: number): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys]
    .map((k) => ({ k, a: a.get(k) ?? 0, b: b.get(k) ?? 0 }))
    .sort((x, y) => y.a - y.b - (x.a - x.b))
    .slice(0, top)
    .map((r) => `| ${r.k.replaceAll('|', '\\|')} | ${fmt(r.a)} | ${fmt(r.b)} | ${fmt(r.a - r.b)} |`);
}

/**
 * Where the booking saga's pools spend CPU that the no-op baseline's do not (issue 20): the V8
 * profiles (BENCH_CPU_PROF) of the four real pools and the four baseline pools, cut to the saga
 * rounds of each kind, in ms of CPU per saga by place and by function, largest difference first.
 */
export function poolProfileLines(
  dir: string,
  booking: SagaWindows,
  baseline: SagaWindows,
  cpuSecondsByProcess: ReadonlyMap<string, number>,
): string[] {
  if (!existsSync(dir)) return [];
  const real = spentBy(dir, 'pool-', booking);
  const base = spentBy(dir, 'baseline-', baseline);
  const cpu = (prefix: string, of: SagaWindows) =>
    new Map(
      [...cpuSecondsByProcess]
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, seconds]) => [name.slice(prefix.length), (seconds * 1000) / of.sagas]),
    );
  return [
    '',
    `#### Where the pools' CPU goes (node --cpu-prof on all eight pool processes, the saga rounds only, idle excluded)`,
    '',
    "A V8 profile samples a process's main thread only: the Temporal core's Rust threads and the threads that run " +
      'workflow code are not in it. A sample counts while the thread is not idle, including time it waits for a core on ' +
      'a busy machine: read the split, not the sums as CPU (the table above has the CPU).',
    '',
    `Main-thread busy time per saga: booking pools ${fmt(real.total)} ms, baseline pools ${fmt(base.total)} ms.`,
    '',
    '| pool: CPU (/proc) | booking ms/saga | baseline ms/saga | difference |',
    '|---|---:|---:|---:|',
    ...differenceRows(cpu('pool-', booking), cpu('baseline-', baseline), 4),
    '',
    '| pool: main-thread busy (profile) | booking ms/saga | baseline ms/saga | difference |',
    '|---|---:|---:|---:|',
    ...differenceRows(real.byProcess, base.byProcess, 4),
    '',
    '| place | booking ms/saga | baseline ms/saga | difference |',
    '|---|---:|---:|---:|',
    ...differenceRows(real.byPlace, base.byPlace, 15),
    '',
    '| function | booking ms/saga | baseline ms/saga | difference |',
    '|---|---:|---:|---:|',
    ...differenceRows(real.byFunction, base.byFunction, 20),
    '',
    `Raw profiles: ${dir} (one directory per process; open in Chrome DevTools).`,
  ];
}
