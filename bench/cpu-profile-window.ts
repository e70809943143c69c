import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summariseProfile, type ProfileSummary } from './search-probes';

export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount: number;
  }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The one `.cpuprofile` node --cpu-prof wrote into `dir` (the process's, on exit). */
export function readCpuProfile(dir: string): CpuProfile {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
}

/** Now on the clock V8 stamps its samples with (CLOCK_MONOTONIC, µs), as process.hrtime is. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** An interval of the monotonic clock (µs), as monotonicUs stamps it. */
export interface Window {
  fromUs: number;
  toUs: number;
}

/** How many samples of each profile node fell inside any of the windows. */
export function hitsWithin(profile: CpuProfile, windows: readonly Window[]): Map<number, number> {
  const hits = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    if (!windows.some((w) => at >= w.fromUs && at <= w.toUs)) continue;
    hits.set(profile.samples[i]!, (hits.get(profile.samples[i]!) ?? 0) + 1);
  }
  return hits;
}

/**
 * Self time by place and function of the samples a whole-life profile (node --cpu-prof) took
 * between two instants of the monotonic clock, idle excluded: what the process spent its CPU on
 * during one step of a bench, from a profile of its whole life. Also the busy share of the window.
 */
export function summariseWindow(
  profile: CpuProfile,
  fromUs: number,
  toUs: number,
): { summary: ProfileSummary; busySamples: number } {
  const hits = hitsWithin(profile, [{ fromUs, toUs }]);
  const nodes = profile.nodes
    .filter((n) => n.callFrame.functionName !== '(idle)')
    .map((n) => ({ ...n, hitCount: hits.get(n.id) ?? 0 }));
  return {
    summary: summariseProfile({ nodes }),
    busySamples: nodes.reduce((sum, n) => sum + n.hitCount, 0),
  };
}
