import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

export const p99 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? NaN;
};

/** Busy and total jiffies of the whole machine (/proc/stat), to give its CPU use over a window. */
export function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

export function machineLine(): string {
  let model = '?';
  try {
    model = /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))?.[1]?.trim() ?? '?';
  } catch {
    // lscpu missing: the model stays unknown
  }
  return `${availableParallelism()} CPUs (nproc), ${model} (lscpu); Node ${process.version}`;
}

export const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

export interface Window {
  seconds: number;
  searchP99: number;
  searches: number;
  bookingP99: number;
  bookings: number;
  failed: Record<string, number>;
  /** CPU seconds per second of wall time. */
  apiCores: number;
  machineBusy: number;
  load: string;
}

export const ms = (n: number) => n.toFixed(1);
export const failedText = (f: Record<string, number>) =>
  Object.keys(f).length === 0
    ? 'none'
    : Object.entries(f)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ');
