import type { Client } from '@opensearch-project/opensearch';
import type { Redis } from 'ioredis';
import { loadConfig } from '../lib/config';
import { cpuSecondsOf, listenerPid } from './process-cpu';

/**
 * What bench/search.ts measures besides wrk's figures: CPU time per request of the API (this
 * process), of OpenSearch and of Redis (less distorted by a busy machine than req/s), OpenSearch's
 * own `took` per query, and a V8 CPU profile of the API summarised by self time.
 */

export interface ServiceCpu {
  /** CPU ms of this process (the API), OpenSearch's JVM and Redis since some start. */
  apiMs: number;
  opensearchMs: number;
  redisMs: number;
}

/** The local OpenSearch JVM's pid (the process listening on its port), when it runs here. */
export const opensearchPid = (url: string) => listenerPid(Number(new URL(url).port));

const pids = new Map<string, number | undefined>();

/**
 * OpenSearch's CPU ms: from /proc of the local JVM (utime + stime, to a 10 ms tick), else from
 * node stats, which OpenSearch refreshes only once a second (too coarse for short runs).
 */
export async function opensearchCpuMs(client: Client, url = loadConfig().opensearch.url): Promise<number> {
  if (!pids.has(url)) pids.set(url, opensearchPid(url));
  const pid = pids.get(url);
  if (pid) {
    return cpuSecondsOf(pid) * 1000;
  }
  const answer = await client.nodes.stats({ metric: ['process'] });
  const nodes = Object.values(
    (answer.body as { nodes: Record<string, { process: { cpu: { total_in_millis: number } } }> }).nodes,
  );
  return nodes.reduce((sum, n) => sum + n.process.cpu.total_in_millis, 0);
}

async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (field('used_cpu_sys') + field('used_cpu_user')) * 1000;
}

/** Starts counting; the returned function gives the CPU used by each process since. */
export async function cpuSince(
  client: Client,
  redis: Redis,
  apiCpuMs: () => number,
): Promise<() => Promise<ServiceCpu>> {
  const api = apiCpuMs();
  const [os0, r0] = await Promise.all([opensearchCpuMs(client), redisCpuMs(redis)]);
  return async () => {
    const used = apiCpuMs() - api;
    const [os1, r1] = await Promise.all([opensearchCpuMs(client), redisCpuMs(redis)]);
    return { apiMs: used, opensearchMs: os1 - os0, redisMs: r1 - r0 };
  };
}

/** Per search the client sent: OpenSearch's `took` (ms inside it) and the client's round trip (ms). */
export interface SearchTimes {
  took: number[];
  roundTripMs: number[];
}

/** Records the times of every search the client sends. */
export function recordTook(client: Client): SearchTimes {
  const record: SearchTimes = { took: [], roundTripMs: [] };
  const search = client.search.bind(client) as (...args: unknown[]) => Promise<{ body: { took?: number } }>;
  (client as unknown as { search: typeof search }).search = async (...args) => {
    const started = performance.now();
    const answer = await search(...args);
    record.roundTripMs.push(performance.now() - started);
    if (typeof answer.body.took === 'number') record.took.push(answer.body.took);
    return answer;
  };
  return record;
}

export const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

/** Where a function lives: a package name, a project path, or node's own. */
export function place(url: string): string {
  if (url === '') return '(native)';
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const project = /\/work\/main\/(.*)$/.exec(url);
  return project ? project[1]! : url;
}

export interface ProfileSummary {
  functions: { name: string; share: number }[];
  places: { name: string; share: number }[];
}

function summarise(nodes: ProfileNode[], top: number): ProfileSummary {
  const total = nodes.reduce((sum, n) => sum + n.hitCount, 0) || 1;
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const n of nodes) {
    const where = place(n.callFrame.url);
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${where}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + n.hitCount);
    const group = where.startsWith('node:') ? 'node: internals' : where;
    byPlace.set(group, (byPlace.get(group) ?? 0) + n.hitCount);
  }
  const ranked = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({ name, share: hits / total }));
  return { functions: ranked(byFunction), places: ranked(byPlace) };
}

/** The summary of a raw V8 profile (Profiler.stop's `profile`). */
export function summariseProfile(profile: { nodes: unknown[] }): ProfileSummary {
  return summarise(profile.nodes as ProfileNode[], 12);
}

export function profileMarkdown(label: string, summary: ProfileSummary): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  return [
    `Profile of the API process, ${label}: self time by place, then the top functions.`,
    '',
    summary.places.map((p) => `${p.name} ${pct(p.share)}`).join('; '),
    '',
    ...summary.functions.map((f) => `- ${pct(f.share)} ${f.name}`),
    '',
  ].join('\n');
}
