import { appendFileSync, writeFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, loadavg, platform } from 'node:os';
import { join } from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createSequelize } from '../lib/clients/database';
import { createAuditWriter, type AuditWriter } from '../lib/audit';
import { sampleEvent } from '../test/audit/helpers/sample-events';
import { freshDatabase, type TestDatabase } from '../test/helpers/databases';

/**
 * Audit append throughput against the real Postgres, in a throwaway clone of the test template
 * (audit rows can never be deleted, so never against a real database):
 *   scripts/with-env.sh node --import tsx bench/audit-append.ts [appends per run, default 2000]
 * Prints the figures and appends them to bench/RESULTS.md.
 */
const APPENDS = Number(process.argv[2] ?? 2000);

interface Run {
  mode: string;
  callers: number;
  /** Separate writers, each with its own connection pool, as separate processes would be. */
  pools: number;
}

const RUNS: Run[] = [
  { mode: 'sequential', callers: 1, pools: 1 },
  { mode: 'concurrent, one writer (group commit)', callers: 4, pools: 1 },
  { mode: 'concurrent, one writer (group commit)', callers: 16, pools: 1 },
  { mode: 'concurrent, one writer (group commit)', callers: 64, pools: 1 },
  { mode: 'concurrent, separate writers and pools', callers: 4, pools: 4 },
  { mode: 'concurrent, separate writers and pools', callers: 16, pools: 16 },
];

async function timed(writers: AuditWriter[], callers: number, total: number): Promise<number> {
  let next = 0;
  const loop = async (caller: number) => {
    const writer = writers[caller % writers.length]!;
    while (next < total) {
      next += 1;
      await writer.append(
        sampleEvent('booking.created', { details: { amountMinor: next, currency: 'EUR' } }),
      );
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: callers }, (_, i) => loop(i)));
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function measure(db: TestDatabase, run: Run): Promise<number> {
  const pools: Sequelize[] = Array.from({ length: run.pools }, () =>
    createSequelize({ ...db.config, database: { ...db.config.database, poolMax: 5 } }, 'app'),
  );
  try {
    const writers = pools.map(createAuditWriter);
    await timed(writers, run.callers, 50);
    return APPENDS / (await timed(writers, run.callers, APPENDS));
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}

async function serverVersion(db: TestDatabase): Promise<string> {
  const sequelize = createSequelize(db.config, 'app');
  try {
    const [row] = await sequelize.query<{ server_version: string }>('SHOW server_version', {
      type: QueryTypes.SELECT,
    });
    return row?.server_version ?? 'unknown';
  } finally {
    await sequelize.close();
  }
}

function record(rows: string[], postgres: string): void {
  const section = [
    '',
    `## Audit append (bench/audit-append.ts), ${new Date().toISOString()}`,
    '',
    `Machine: ${availableParallelism()} CPUs (nproc), ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${platform()} ${arch()}; ` +
      `Node ${process.version}; PostgreSQL ${postgres} on the same host (fsync and synchronous_commit on); ` +
      `load average ${loadavg()[0]!.toFixed(1)} when it finished (a shared machine: figures are indicative).`,
    `Each run appends ${APPENDS} events. One append: validate, canonical JSON, SHA-256 chain link, advisory chain ` +
      'lock, insert checked by the chain trigger, commit.',
    '',
    '| mode | callers | pools | appends/s |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
  const results = join(__dirname, 'RESULTS.md');
  try {
    writeFileSync(
      results,
      '# Benchmark results\n\nFigures appended by the scripts in bench/, newest last.\n',
      { flag: 'wx' },
    );
  } catch {
    // The file exists (another benchmark wrote it): append only.
  }
  appendFileSync(results, section);
}

async function main() {
  const db = await freshDatabase();
  try {
    const rows: string[] = [];
    for (const run of RUNS) {
      const rate = Math.round(await measure(db, run));
      console.log(
        `${run.mode.padEnd(40)} callers=${String(run.callers).padStart(2)} pools=${String(run.pools).padStart(2)}  ${rate} appends/s`,
      );
      rows.push(`| ${run.mode} | ${run.callers} | ${run.pools} | ${rate.toLocaleString('en-US')} |`);
    }
    record(rows, await serverVersion(db));
  } finally {
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
