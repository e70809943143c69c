/**
 * Login throughput (SEC-AUTH-01): Argon2id verification alone, and the whole login check of
 * services/accounts (blind-index lookup, credential read, Argon2id verify, MFA lookup, failure counter
 * reset, audit append), with the configured Argon2id parameters. Runs on a private database
 * cloned from the template and a fresh Redis key prefix; bounded by count, not time; appends its
 * figures to bench/RESULTS.md.   scripts/with-env.sh npx tsx bench/login.ts
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { createSequelize } from '../lib/clients/database';
import { createAccounts, login, signup } from '../services/accounts';
import { createAuditWriter } from '../lib/audit';
import { keyringFromConfig } from '../lib/crypto';
import { createLogger } from '../lib/logger';
import { freshDatabase } from '../test/helpers/databases';
import { deleteByPrefix, readyRedis, uniquePrefix } from '../test/helpers/redis-keys';

const PER_RUN = Number(process.env.BENCH_LOGINS ?? 80);
const ORIGIN = { ip: '127.0.0.1', userAgent: 'bench' };

async function perSecond(total: number, callers: number, op: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < total) {
        next += 1;
        await op();
      }
    }),
  );
  return total / (Number(process.hrtime.bigint() - started) / 1e9);
}

function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('model name'));
  return line?.split(':')[1]?.trim() ?? 'unknown';
}

async function main() {
  const db = await freshDatabase();
  const sequelize = createSequelize(db.config, 'app');
  const redis = await readyRedis();
  const keyPrefix = uniquePrefix('bench-login');
  try {
    const deps = createAccounts({
      config: db.config,
      sequelize,
      keyring: keyringFromConfig(db.config, sequelize),
      redis,
      audit: createAuditWriter(sequelize),
      sessions: { revokeUserSessions: () => Promise.resolve(0) },
      dispatchEmail: () => Promise.resolve(),
      logger: createLogger({ serviceName: 'bench', log: { level: 'error' } }),
      keyPrefix,
    });
    const email = 'bench.login@example.test';
    const password = 'correct horse battery staple nine';
    await signup(deps, { email, password, fullName: 'Bench Mark' }, ORIGIN);
    const hash = await deps.hasher.hash(password);
    await login(deps, { email, password }, ORIGIN); // warm-up: keys, pools, JIT
    const rows: [string, number, number][] = [];
    for (const callers of [1, 2, 4]) {
      rows.push([
        'Argon2id verify only',
        callers,
        await perSecond(PER_RUN, callers, () => deps.hasher.verify(hash, password)),
      ]);
    }
    for (const callers of [1, 2, 4]) {
      rows.push([
        'login check (services/accounts login)',
        callers,
        await perSecond(PER_RUN, callers, () => login(deps, { email, password }, ORIGIN)),
      ]);
    }
    const p = deps.hasher.params;
    const fmt = (n: number) => n.toFixed(1);
    const section = [
      '',
      `## Login throughput (bench/login.ts), ${new Date().toISOString()}`,
      '',
      `Machine: ${availableParallelism()} CPUs (nproc), ${cpuModel()}, Node ${process.version}; PostgreSQL and Redis on the same host; load average ${loadavg()[0]!.toFixed(1)} when it finished (a shared machine: figures are indicative).`,
      `Argon2id m=${p.memoryKiB} KiB (${(p.memoryKiB / 1024).toFixed(0)} MiB), t=${p.timeCost}, p=${p.parallelism} (config accounts.argon2). ${PER_RUN} operations per row, successful logins of one account.`,
      '',
      '| operation | concurrent callers | per second |',
      '|---|---:|---:|',
      ...rows.map(([what, callers, rate]) => `| ${what} | ${callers} | ${fmt(rate)} |`),
      '',
      'Argon2id runs on libuv worker threads, so concurrent callers can use both cores when the machine is otherwise idle; the login check adds the database reads and one audit append per login.',
    ].join('\n');
    appendFileSync(join(__dirname, 'RESULTS.md'), `${section}\n`);
    console.log(section);
  } finally {
    await deleteByPrefix(redis, keyPrefix);
    redis.disconnect();
    await sequelize.close();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
