import { appendFileSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';

/** The q-quantile (nearest rank) of some samples; NaN for none. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const ms = (value: number) =>
  Number.isNaN(value) ? '–' : `${Math.round(value).toLocaleString('en-US')} ms`;
export const num = (value: number, digits = 1) =>
  Number.isNaN(value) ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits });

export function machine(): string {
  const model =
    readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'))
      ?.split(':')[1]
      ?.trim() ?? 'unknown CPU';
  return `${availableParallelism()} CPUs (nproc), ${model}, Node ${process.version}`;
}

export const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

export interface SagaFigures {
  label: string;
  completed: number;
  failed: number;
  seconds: number;
  latenciesMs: number[];
  workerCpuSeconds: number;
  /** Includes whatever else used the shared Temporal dev server meanwhile; NaN when unreadable. */
  temporalCpuSeconds: number;
}

export const perSecond = (f: SagaFigures) => f.completed / f.seconds;

export function sagaRow(f: SagaFigures): string {
  const n = Math.max(1, f.completed + f.failed);
  return [
    f.label,
    f.completed,
    f.failed,
    num(perSecond(f)),
    ms(quantile(f.latenciesMs, 0.5)),
    ms(quantile(f.latenciesMs, 0.99)),
    num((f.workerCpuSeconds * 1000) / n, 0),
    num((f.temporalCpuSeconds * 1000) / n, 0),
  ].join(' | ');
}

/** Appends a section to bench/RESULTS.md (unless dry) and prints it. */
export function publish(lines: string[], dry: boolean): void {
  const section = ['', ...lines, ''].join('\n');
  if (!dry) appendFileSync(join(__dirname, 'RESULTS.md'), section);
  console.log(section);
}
