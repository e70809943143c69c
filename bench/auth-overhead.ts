import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { appendFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg, platform, arch } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import * as yup from 'yup';
import { createApp } from '../api/app';
import { closeGracefully, listen } from '../api/listen';
import { answer, defineRoute, type RouteDeclaration } from '../api/routing';
import { COOKIES } from '../api/security/session-cookies';
import { sessionSecurity } from '../api/security/session-security';
import { createSequelize } from '../lib/clients/database';
import { createAuditWriter } from '../lib/audit';
import { jwtKeySetFromPem } from '../lib/auth/jwt-keys';
import { createLogger } from '../lib/logger';
import { failFastRedis } from '../lib/clients';
import { deleteByPrefix, uniquePrefix } from '../test/helpers/redis-keys';
import { freshDatabase } from '../test/helpers/databases';

/**
 * Requests/s of an authenticated no-op route against a public one (target: authenticated ≥ 60%):
 *   scripts/with-env.sh node --import tsx bench/auth-overhead.ts [seconds per run, default 10] [--dry]
 * The API runs in this process; the load comes from `wrk` (scripts/install.sh), a separate
 * process, so the generator does not share the API's event loop. Both routes run the whole route
 * chain (guards, permission check, no-body check, validation); the authenticated one adds the
 * passport-jwt ES256 verification (remembered per token after the first) and the Redis session
 * check (one Lua call per event-loop turn for every request that arrived in it). The app-wide
 * per-IP limit is left out: one client at these rates would be refused by it, on both routes alike.
 * Redis's own CPU comes from INFO: the server is shared, so other clients' work shows in it too.
 * Runs alternate (public, Bearer, cookie) three times; the table gives each one's median.
 */
const SECONDS = Number(process.argv[2] ?? 10);
const DRY = process.argv.includes('--dry');
const CONNECTIONS = 32;
const exec = promisify(execFile);

const ok = yup.object({ ok: yup.boolean().required() });
const noop = (path: string, permission: 'public' | 'authenticated'): RouteDeclaration =>
  defineRoute({
    method: 'GET',
    path,
    summary: 'no-op',
    permission,
    responses: { 200: answer.json('ok', ok, { ok: true }) },
    handler(ctx) {
      ctx.body = { ok: true };
    },
  }) as RouteDeclaration;

interface Run {
  rate: number;
  /** CPU time of this process (the API) per answered request, in µs: less sensitive to a busy machine. */
  cpuUs: number;
  /** Redis server CPU per answered request, in µs (shared server: an upper bound). */
  redisUs: number;
}

/** used_cpu_sys + used_cpu_user of the Redis server, in µs. */
async function redisCpuUs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (seconds('used_cpu_sys') + seconds('used_cpu_user')) * 1e6;
}

async function wrk(redis: Redis, url: string, header?: string): Promise<Run> {
  const redisBefore = await redisCpuUs(redis);
  const cpu = process.cpuUsage();
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, ...(header ? ['-H', header] : []), url];
  const { stdout } = await exec('wrk', args, { timeout: (SECONDS + 30) * 1000 });
  const match = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  if (!match) throw new Error(`wrk gave no rate:\n${stdout}`);
  if (non2xx) throw new Error(`wrk saw ${non2xx[1]} failed answers: the run does not measure the route`);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  const used = process.cpuUsage(cpu);
  const redisUsed = (await redisCpuUs(redis)) - redisBefore;
  const per = Math.max(1, requests);
  return { rate: Number(match[1]), cpuUs: (used.user + used.system) / per, redisUs: redisUsed / per };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const db = await freshDatabase();
  const prefix = uniquePrefix('bench-auth');
  const config = { ...db.config, sessions: { ...db.config.sessions, redisPrefix: prefix } };
  const redis = failFastRedis(config.redis);
  if (redis.status !== 'ready') await once(redis, 'ready');
  const sequelize = createSequelize(config, 'app');
  const logger = createLogger({ serviceName: 'bench', log: { level: 'fatal' } });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const security = sessionSecurity(
    config,
    { redis, sequelize },
    {
      audit: createAuditWriter(sequelize),
      logger,
      keys: jwtKeySetFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
      secret: randomBytes(32).toString('hex'),
    },
  );
  const app = createApp({
    config: { ...config, api: { ...config.api, port: 0 } },
    logger,
    readiness: {},
    sessions: security,
    extraRoutes: [noop('/bench/public', 'public'), noop('/bench/authenticated', 'authenticated')],
  });
  const server = await listen(app, { ...config.api, host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const session = await security.sessions.startSession(
      { id: randomUUID(), role: 'USER' },
      { ip: '127.0.0.1', userAgent: 'wrk' },
      'bearer',
    );
    const runs = {
      public: () => wrk(redis, `${base}/bench/public`),
      bearer: () => wrk(redis, `${base}/bench/authenticated`, `Authorization: Bearer ${session.accessToken}`),
      cookie: () =>
        wrk(redis, `${base}/bench/authenticated`, `Cookie: ${COOKIES.access}=${session.accessToken}`),
    };
    const rates: Record<keyof typeof runs, number[]> = { public: [], bearer: [], cookie: [] };
    const cpu: Record<keyof typeof runs, number[]> = { public: [], bearer: [], cookie: [] };
    const redisCpu: Record<keyof typeof runs, number[]> = { public: [], bearer: [], cookie: [] };
    await runs.public(); // warm-up: JIT, connection pools, script cache
    for (let round = 0; round < 3; round++) {
      for (const name of Object.keys(runs) as (keyof typeof runs)[]) {
        const run = await runs[name]();
        rates[name].push(run.rate);
        cpu[name].push(run.cpuUs);
        redisCpu[name].push(run.redisUs);
        console.log(
          `round ${round + 1} ${name.padEnd(6)} ${Math.round(run.rate)} req/s ${Math.round(run.cpuUs)} µs CPU/req` +
            ` (Redis ${Math.round(run.redisUs)} µs/req)`,
        );
      }
    }
    const pub = median(rates.public);
    const pubCpu = median(cpu.public);
    const row = (label: string, name: keyof typeof runs) => {
      const rate = median(rates[name]);
      const us = median(cpu[name]);
      const redisUs = median(redisCpu[name]);
      return `| ${label} | ${Math.round(rate).toLocaleString('en-US')} | ${Math.round((rate / pub) * 100)}% | ${Math.round(us)} | ${Math.round((pubCpu / us) * 100)}% | ${Math.round(redisUs)} |`;
    };
    const section = [
      '',
      `## Authentication overhead (bench/auth-overhead.ts), ${new Date().toISOString()}`,
      '',
      `Machine: ${availableParallelism()} CPUs (nproc), ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${platform()} ${arch()}; ` +
        `Node ${process.version}; Redis on the same host; wrk 1 thread, ${CONNECTIONS} connections, ${SECONDS} s per run, ` +
        `median of 3 alternating runs; load average ${loadavg()[0]!.toFixed(1)} when it finished (a shared machine: ` +
        'figures are indicative, the ratio is the point). Target: authenticated ≥ 60% of public.',
      '',
      "The CPU columns are this process's CPU time per answered request and the public route's share of it " +
        "(what the throughput ratio would be if the API alone were the bottleneck), and the Redis server's CPU " +
        'per answered request (from INFO; the server is shared, so other clients add to it). One session serves ' +
        'every connection; each request is still checked in Redis, the checks of one event-loop turn in one script call.',
      '',
      '| route | req/s | of public | API CPU µs/req | public CPU / this CPU | Redis CPU µs/req |',
      '|---|---:|---:|---:|---:|---:|',
      row('public no-op', 'public'),
      row(
        'authenticated no-op, Bearer (passport-jwt ES256, verified-token memo, batched Redis session check)',
        'bearer',
      ),
      row('authenticated no-op, cookie', 'cookie'),
      '',
    ].join('\n');
    if (!DRY) appendFileSync(join(__dirname, 'RESULTS.md'), section);
    console.log(section);
  } finally {
    await closeGracefully(server, 1_000);
    await deleteByPrefix(redis, prefix);
    redis.disconnect();
    await sequelize.close();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
